using System.Text;
using LocalCloud.Core.Ports;

namespace LocalCloud.HttpApi.Benchmarks;

/// <summary>A function that answers at once, in process: what is measured is API Gateway's own work (routing, the
/// payload 2.0 event, the response mapping) and the host, not a function runtime.</summary>
internal sealed class TrivialFunction : IFunctionPort
{
    public const string Arn = "arn:aws:lambda:us-east-1:000000000000:function:trivial";

    private static readonly byte[] Answer = Encoding.UTF8.GetBytes("""{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"ok\":true}"}""");

    private long _invocations;

    public long Invocations => Interlocked.Read(ref _invocations);

    public FunctionDescription? Describe(string functionArn) => new(Arn, "trivial", "000000000000", "us-east-1", 3, 128, null);

    public bool IsInvokeAllowed(string functionArn, string principal, string? sourceArn, string? sourceAccount) => true;

    public Task<FunctionResult> InvokeAsync(string functionArn, ReadOnlyMemory<byte> payload, FunctionInvokeOptions? options, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _invocations);
        return Task.FromResult(new FunctionResult("r", Answer, null, "$LATEST", null));
    }
}
