using Grpc.Core;
using Scorecard.Benchmarks.FunctionsHost.Rpc;

namespace Scorecard.Benchmarks.FunctionsHost;

/// <summary>The host's side of <c>FunctionRpc.EventStream</c>: hands the worker's stream to its <see cref="FunctionWorker"/>.</summary>
internal sealed class HostRpcService(FunctionWorker worker) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        worker.ServeAsync(requestStream, responseStream, context.CancellationToken);
}
