using Scorecard.Benchmarks.FunctionsHost;

namespace Scorecard.Pipeline.Tests.Functions.Host;

/// <summary>
/// The function app as Flex Consumption runs it: <c>dotnet publish -r linux-x64 --self-contained false</c>, which the test
/// project's build runs into <c>worker/</c> beside the test assembly (target PublishFunctionApp).
/// </summary>
public static class PublishedWorker
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "worker");

    public static string Assembly
    {
        get
        {
            string path = Path.Combine(Folder, FunctionWorker.AssemblyName);
            return File.Exists(path) ? path : throw new FileNotFoundException($"The published function app is missing: {path} (build the test project).", path);
        }
    }

    /// <summary>Starts the published worker with <paramref name="environment"/> as its app settings, every function loaded.</summary>
    public static Task<FunctionWorker> StartAsync(IReadOnlyDictionary<string, string> environment) => FunctionWorker.StartAsync(Folder, environment);
}
