using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// The <c>Scorecard</c> function's HTML answer: the export page of the latest period of a grain at one level, linking
/// to the other levels by the same URL with another <c>level</c> (other query parameters, the function key among
/// them, kept). Served with a content security policy that allows no script and nothing fetched, and <c>nosniff</c>.
/// </summary>
internal static class ScorecardPage
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

    /// <summary>True for <c>format=html</c>, or without <c>format</c> an <c>Accept</c> header that names text/html before any JSON type.</summary>
    public static bool IsWanted(HttpRequest req)
    {
        if (req.Query["format"].FirstOrDefault() is { } format)
        {
            return format.Equals("html", StringComparison.OrdinalIgnoreCase);
        }

        string accept = req.Headers.Accept.ToString();
        int html = accept.IndexOf("text/html", StringComparison.OrdinalIgnoreCase);
        int json = accept.IndexOf("json", StringComparison.OrdinalIgnoreCase);
        return html >= 0 && (json < 0 || html < json);
    }

    public static async Task<IActionResult> RenderAsync(HttpRequest req, IBlobStore store, string grain, ILogger log, CancellationToken cancellationToken)
    {
        string level = req.Query["level"].FirstOrDefault() ?? "centre";
        if (!KpiRegistry.LevelNames.Contains(level))
        {
            return ScorecardFunction.JsonAnswer(400, ScorecardFunction.Error($"level must be one of {string.Join(", ", KpiRegistry.LevelNames)}"));
        }

        IReadOnlyList<ScorecardExport> levels;
        try
        {
            levels = await new ScorecardExporter(store).ReadLevelsAsync(null, grain, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            return ScorecardFunction.JsonAnswer(404, ScorecardFunction.Error(e.Message));
        }

        var links = ScorecardExporter.PageLinks(levels, page => Href(req, page.Level));
        ScorecardExport export = levels.Single(l => l.Level == level);
        log.LogInformation("Scorecard page {Grain} {Period} {Level} served", grain, export.Period.Text, level);
        req.HttpContext.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        req.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return new ContentResult { StatusCode = 200, Content = ScorecardHtmlRenderer.Render(export, links), ContentType = "text/html; charset=utf-8" };
    }

    /// <summary><c>?</c> + the request's query with <c>format=html</c> and <c>level</c> set: a link relative to the function's URL.</summary>
    private static string Href(HttpRequest req, string level) => "?" + string.Join('&',
        req.Query
            .Where(p => !p.Key.Equals("format", StringComparison.OrdinalIgnoreCase) && !p.Key.Equals("level", StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(value => KeyValuePair.Create(p.Key, value ?? "")))
            .Append(KeyValuePair.Create("format", "html"))
            .Append(KeyValuePair.Create("level", level))
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
}
