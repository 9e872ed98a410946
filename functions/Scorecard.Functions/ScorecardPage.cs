using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// The <c>Scorecard</c> function's HTML answer: the export page of the latest period of a grain at one level, linking
/// to the other levels by the same URL with another <c>level</c> (other query parameters, the function key among
/// them, kept). Served with a content security policy that allows no script and nothing fetched.
/// </summary>
internal static class ScorecardPage
{
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    public static async Task<InvokeResponse> RenderAsync(HttpTriggerRequest req, IBlobStore store, string grain, ILogger log, CancellationToken cancellationToken)
    {
        string level = req.Query("level") ?? "centre";
        if (!KpiRegistry.LevelNames.Contains(level))
        {
            return InvokeResponse.Http(400, ScorecardFunction.Error($"level must be one of {string.Join(", ", KpiRegistry.LevelNames)}"), ["bad level"]);
        }

        IReadOnlyList<ScorecardExport> levels;
        try
        {
            levels = await new ScorecardExporter(store).ReadLevelsAsync(null, grain, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            return InvokeResponse.Http(404, ScorecardFunction.Error(e.Message), ["no scorecard rows"]);
        }

        var links = ScorecardExporter.PageLinks(levels, page => Href(req, page.Level));
        ScorecardExport export = levels.Single(l => l.Level == level);
        log.LogInformation("Scorecard page {Grain} {Period} {Level} served", grain, export.Period.Text, level);
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "text/html; charset=utf-8",
            ["Content-Security-Policy"] = ContentSecurityPolicy,
            ["X-Content-Type-Options"] = "nosniff",
        };
        return InvokeResponse.Http(200, ScorecardHtmlRenderer.Render(export, links), headers, [$"scorecard page {grain} {export.Period.Text} {level}"]);
    }

    /// <summary><c>?</c> + the request's query with <c>format=html</c> and <c>level</c> set: a link relative to the function's URL.</summary>
    private static string Href(HttpTriggerRequest req, string level) => "?" + string.Join('&',
        req.QueryParameters
            .Where(p => !p.Key.Equals("format", StringComparison.OrdinalIgnoreCase) && !p.Key.Equals("level", StringComparison.OrdinalIgnoreCase))
            .Append(KeyValuePair.Create("format", "html"))
            .Append(KeyValuePair.Create("level", level))
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
