using System.Net;
using Microsoft.Extensions.Logging.Console;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>The handler's wiring: Kestrel on loopback, logs for the host, the store and options, one route per function.</summary>
internal static class HandlerApplication
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The port used when the host did not set <see cref="PortVariable"/> (a local run).</summary>
    public const int LocalPort = 7071;

    public static WebApplication BuildScorecardHandler(this WebApplicationBuilder builder)
    {
        int port = int.TryParse(builder.Configuration[PortVariable], out int configured) ? configured : LocalPort;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        // stdout lines become Information traces on the host, stderr lines Errors (Warnings when they say "warn").
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.ColorBehavior = LoggerColorBehavior.Disabled; });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);

        var ingest = builder.Configuration.GetSection("Ingest").Get<IngestOptions>() ?? new IngestOptions();
        ingest.Validate();
        var mart = builder.Configuration.GetSection(MartOptions.SectionName).Get<MartOptions>() ?? new MartOptions();
        mart.ValidateSettings(); // the publisher chooses the lake and mart folders itself
        // In Azure (the platform sets WEBSITE_INSTANCE_ID) real customer ids arrive: no ingest without a real key.
        var keyCheck = new PseudonymKeyCheck(ingest.PseudonymKeyProblem(!string.IsNullOrEmpty(builder.Configuration[PseudonymKeyCheck.AzureInstanceVariable])));
        builder.Services.AddSingleton(ingest);
        builder.Services.AddSingleton(keyCheck);
        builder.Services.AddSingleton(mart);
        builder.Services.AddSingleton(services => StoreConfiguration.Open(services.GetRequiredService<IConfiguration>()));

        WebApplication app = builder.Build();
        app.Services.GetRequiredService<IBlobStore>(); // a bad store setting stops the handler at start-up, not at the first invocation
        if (keyCheck.Problem is { } problem)
        {
            app.Logger.LogError("{Problem}", problem);
        }

        app.Use(FailInvocationOnErrorAsync);
        app.MapGet("/", (IBlobStore store) => Results.Text($"scorecard handler ready ({store.Location})"));
        app.MapPost($"/{IngestExtractFunction.Name}", IngestExtractFunction.InvokeAsync);
        app.MapPost($"/{BuildMartFunction.Name}", BuildMartFunction.InvokeAsync);
        app.MapPost($"/{ScorecardFunction.Name}", ScorecardFunction.InvokeAsync);
        app.MapPost($"/{HealthFunction.Name}", HealthFunction.InvokeAsync);
        app.MapPost($"/{NightlyMartFunction.Name}", NightlyMartFunction.InvokeAsync);
        return app;
    }

    /// <summary>
    /// Any exception fails the invocation: 500 (the queue then retries, and poisons after maxDequeueCount), with the
    /// error and the invocation id on stderr, because the host ignores the body of a non-2xx answer.
    /// </summary>
    private static async Task FailInvocationOnErrorAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            ILogger log = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Scorecard.Functions");
            log.LogError(e, "{FunctionName} failed (invocation {InvocationId}): {Error}",
                context.Request.Path.Value?.TrimStart('/'), context.Request.Headers["X-Azure-Functions-InvocationId"].ToString(), e.Message);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(InvokeResponse.Empty([$"failed: {e.Message}"]));
        }
    }
}
