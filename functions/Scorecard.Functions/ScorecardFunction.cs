using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
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
internal sealed class ScorecardFunction(IBlobStore store, ILogger<ScorecardFunction> log)
{
    public const string Name = "Scorecard";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new FiniteDoubleConverter() } };

    [Function(Name)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", "post")] HttpRequest req, CancellationToken cancellationToken)
    {
        string grain = req.Query["grain"].FirstOrDefault() ?? "month";
        if (!KpiRegistry.PeriodGrains.Contains(grain))
        {
            return JsonAnswer(400, Error($"grain must be one of {string.Join(", ", KpiRegistry.PeriodGrains)}"));
        }

        if (await store.GetAsync(StoreContainers.Mart, MartBuilder.DatabaseFileName, cancellationToken) is null)
        {
            return JsonAnswer(404, Error("no mart has been built yet"));
        }

        if (ScorecardPage.IsWanted(req))
        {
            return await ScorecardPage.RenderAsync(req, store, grain, log, cancellationToken);
        }

        await using MartFile mart = await MartFile.OpenAsync(store, ScorecardExportReader.Tables, cancellationToken);
        ScorecardSummary? summary = ScorecardSummaryReader.ReadLatest(mart.Directory, grain);
        log.LogInformation("Scorecard {Grain} {PeriodStart} served", grain, summary?.PeriodStart);
        return summary is null
            ? JsonAnswer(404, Error($"the mart has no {grain} scorecard"))
            : JsonAnswer(200, JsonSerializer.Serialize(summary, Json));
    }

    public static string Error(string message) => JsonSerializer.Serialize(new { error = message }, Json);

    public static ContentResult JsonAnswer(int status, string json) =>
        new() { StatusCode = status, Content = json, ContentType = "application/json; charset=utf-8" };
}
