using System.Text;
using System.Text.Json;
using Lambda;
using Microsoft.Extensions.Logging;

// One executable, several handlers (_HANDLER): Echo returns the event, Context the invocation context, Throw fails,
// Allocate holds {"mb":N} megabytes, Log writes through the Lambda logger.
return await LambdaApp.Create(args)
    .MapBytes("Echo", static (payload, _, _) => Task.FromResult(payload))
    .MapBytes("Context", static (_, context, _) => Task.FromResult<ReadOnlyMemory<byte>>(Describe(context)))
    .MapBytes("Throw", static (_, _, _) => throw new InvalidOperationException("boom from .NET"))
    .MapBytes("Allocate", static (payload, _, _) => Task.FromResult(Allocate(payload)))
    .MapBytes("Log", static (payload, context, _) =>
    {
        context.Logger.LogInformation("handling {RequestId}", context.AwsRequestId);
        return Task.FromResult(payload);
    })
    .RunAsync();

static byte[] Describe(ILambdaContext context)
{
    using var buffer = new MemoryStream();
    using (var writer = new Utf8JsonWriter(buffer))
    {
        writer.WriteStartObject();
        writer.WriteString("requestId", context.AwsRequestId);
        writer.WriteString("functionArn", context.InvokedFunctionArn);
        writer.WriteString("functionName", context.FunctionName);
        writer.WriteString("version", context.FunctionVersion);
        writer.WriteNumber("memory", context.MemoryLimitInMB);
        writer.WriteNumber("remainingMs", (long)context.RemainingTime.TotalMilliseconds);
        writer.WriteString("traceId", context.TraceId);
        writer.WriteString("logGroup", context.LogGroupName);
        writer.WriteString("clientContext", context.ClientContext);
        writer.WriteEndObject();
    }

    return buffer.ToArray();
}

static ReadOnlyMemory<byte> Allocate(ReadOnlyMemory<byte> payload)
{
    var megabytes = JsonDocument.Parse(payload).RootElement.GetProperty("mb").GetInt32();
    var blocks = new List<byte[]>();
    for (var i = 0; i < megabytes; i++)
    {
        var block = new byte[1024 * 1024];
        Array.Fill(block, (byte)i);
        blocks.Add(block);
    }

    return Encoding.UTF8.GetBytes($"{{\"held\":{blocks.Count}}}");
}
