using Scorecard.Functions;

// The Azure Functions host starts this process, waits for GET / to answer, then POSTs one request per invocation
// to /<FunctionName> on 127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT. See HandlerApplication for the wiring.
WebApplication.CreateSlimBuilder(args).BuildScorecardHandler().Run();
