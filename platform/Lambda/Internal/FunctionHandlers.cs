using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Lambda.Internal;

internal interface IFunctionHandler
{
    Task<byte[]> InvokeAsync(byte[] payload, ILambdaContext context, CancellationToken cancellationToken);
}

internal static class Payloads
{
    public static T Read<T>(byte[] payload, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(payload, type)
        ?? throw new JsonException($"The invocation payload is JSON null, where the function expects a {typeof(T).Name}.");
}

internal sealed class JsonFunctionHandler<TEvent, TResult>(
    Func<TEvent, ILambdaContext, CancellationToken, Task<TResult>> handler,
    JsonTypeInfo<TEvent> eventType,
    JsonTypeInfo<TResult> resultType) : IFunctionHandler
{
    public async Task<byte[]> InvokeAsync(byte[] payload, ILambdaContext context, CancellationToken cancellationToken)
    {
        var input = Payloads.Read(payload, eventType);
        var result = await handler(input, context, cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(result, resultType);
    }
}

internal sealed class JsonFunctionHandler<TEvent>(
    Func<TEvent, ILambdaContext, CancellationToken, Task> handler,
    JsonTypeInfo<TEvent> eventType) : IFunctionHandler
{
    public async Task<byte[]> InvokeAsync(byte[] payload, ILambdaContext context, CancellationToken cancellationToken)
    {
        await handler(Payloads.Read(payload, eventType), context, cancellationToken);
        return [];
    }
}

internal sealed class StreamFunctionHandler(Func<Stream, ILambdaContext, CancellationToken, Task<Stream?>> handler) : IFunctionHandler
{
    public async Task<byte[]> InvokeAsync(byte[] payload, ILambdaContext context, CancellationToken cancellationToken)
    {
        using var input = new MemoryStream(payload, writable: false);
        var output = await handler(input, context, cancellationToken);
        if (output is null)
        {
            return [];
        }

        await using (output)
        {
            if (output is MemoryStream memory)
            {
                return memory.ToArray();
            }

            using var copy = new MemoryStream();
            await output.CopyToAsync(copy, cancellationToken);
            return copy.ToArray();
        }
    }
}

internal sealed class BytesFunctionHandler(
    Func<ReadOnlyMemory<byte>, ILambdaContext, CancellationToken, Task<ReadOnlyMemory<byte>>> handler) : IFunctionHandler
{
    public async Task<byte[]> InvokeAsync(byte[] payload, ILambdaContext context, CancellationToken cancellationToken) =>
        (await handler(payload, context, cancellationToken)).ToArray();
}
