using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scorecard.Pipeline.Ingest;
using Scorecard.Pipeline.Mart;
using Scorecard.Pipeline.Storage;

namespace Scorecard.Functions;

/// <summary>The worker's wiring: Application Insights, options validated at start-up, and the store.</summary>
internal static class ScorecardWiring
{
    private const string ApplicationInsightsProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    public static FunctionsApplicationBuilder AddScorecard(this FunctionsApplicationBuilder builder)
    {
        // As the azd samples do; without APPLICATIONINSIGHTS_CONNECTION_STRING nothing is sent.
        builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
        // The Application Insights logger keeps only warnings by default: let host.json's levels decide instead.
        builder.Services.Configure<LoggerFilterOptions>(options =>
        {
            if (options.Rules.FirstOrDefault(rule => rule.ProviderName == ApplicationInsightsProvider) is { } warningsOnly)
            {
                options.Rules.Remove(warningsOnly);
            }
        });

        var ingest = builder.Configuration.GetSection("Ingest").Get<IngestOptions>() ?? new IngestOptions();
        ingest.Validate();
        var mart = builder.Configuration.GetSection(MartOptions.SectionName).Get<MartOptions>() ?? new MartOptions();
        mart.ValidateSettings(); // the publisher chooses the lake and mart folders itself
        // In Azure (the platform sets WEBSITE_INSTANCE_ID) real customer ids arrive: no ingest without a real key.
        bool inAzure = !string.IsNullOrEmpty(builder.Configuration[PseudonymKeyCheck.AzureInstanceVariable]);
        builder.Services.AddSingleton(ingest);
        builder.Services.AddSingleton(mart);
        builder.Services.AddSingleton(new PseudonymKeyCheck(ingest.PseudonymKeyProblem(inAzure)));
        // Opened now: a bad store setting stops the worker at start-up, not at the first invocation.
        builder.Services.AddSingleton(StoreConfiguration.Open(builder.Configuration));
        return builder;
    }
}
