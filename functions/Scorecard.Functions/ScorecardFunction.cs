using System.Text.Json;
using Scorecard.Pipeline.Exports;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>
/// HTTP trigger (function key): the centre's latest scorecard as JSON: period, overall score, score per perspective
/// and every KPI line. Query <c>grain</c> = day, week or month (default month). With <c>format=html</c> (or an
/// <c>Accept</c> header preferring <c>text/html</c>) the HTML export of the latest period instead: the page of
/// <c>level</c> (centre by default), linking to the other levels' pages by query string. 404 before the first build.
/// </summary>
internal static class ScorecardFunction
{
    public const string Name = "Scorecard";
    public const string RequestBinding = "req";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new FiniteDoubleConverter() } };

    public static async Task<IResult> InvokeAsync(InvokeRequest request, IBlobStore store, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ILogger log = loggers.CreateLogger(Name);
        var req = new HttpTriggerRequest(request.Input(RequestBinding));
        string grain = req.Query("grain") ?? "month";
        if (!KpiRegistry.PeriodGrains.Contains(grain))
        {
            return Results.Json(InvokeResponse.Http(400, Error($"grain must be one of {string.Join(", ", KpiRegistry.PeriodGrains)}"), ["bad grain"]));
        }

        if (await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName, cancellationToken) is null)
        {
            return Results.Json(InvokeResponse.Http(404, Error("no mart has been built yet"), ["no mart yet"]));
        }

        if (req.WantsHtml)
        {
            return Results.Json(await ScorecardPage.RenderAsync(req, store, grain, log, cancellationToken));
        }

        await using MartFile mart = await MartFile.OpenAsync(store, cancellationToken);
        ScorecardSummary? summary = ScorecardSummaryReader.ReadLatest(mart.Directory, grain);
        log.LogInformation("Scorecard {Grain} {PeriodStart} served", grain, summary?.PeriodStart);
        return summary is null
            ? Results.Json(InvokeResponse.Http(404, Error($"the mart has no {grain} scorecard"), ["no scorecard rows"]))
            : Results.Json(InvokeResponse.Http(200, JsonSerializer.Serialize(summary, Json), [$"scorecard {grain} {summary.PeriodStart:yyyy-MM-dd}"]));
    }

    public static string Error(string message) => JsonSerializer.Serialize(new { error = message }, Json);
}
