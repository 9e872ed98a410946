using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Scorecard.Functions;

// The Functions host starts this worker and drives it over gRPC; HTTP triggers arrive through ASP.NET Core.
FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddScorecard();
builder.Build().Run();
