using System.Text;
using LocalCloud.Core.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalCloud.Lambda.Runtime;

/// <summary>
/// The Lambda Runtime API (2018-06-01) each sandbox's runtime speaks, under
/// <c>/_localcloud/lambda/runtime/{sandbox}/2018-06-01/runtime/</c>: <c>AWS_LAMBDA_RUNTIME_API</c> carries the
/// prefix, so any runtime client that builds <c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/...</c> works unchanged.
/// </summary>
internal sealed class RuntimeApiEndpoints(FunctionRunner runner) : IEndpointContributor
{
    public const string Prefix = "/_localcloud/lambda/runtime";
    private const string Base = Prefix + "/{sandbox}/2018-06-01/runtime";
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Base + "/invocation/next", NextAsync);
        endpoints.MapPost(Base + "/invocation/{requestId}/response", ResponseAsync);
        endpoints.MapPost(Base + "/invocation/{requestId}/error", ErrorAsync);
        endpoints.MapPost(Base + "/init/error", InitErrorAsync);
    }

    private async Task NextAsync(HttpContext http, string sandbox)
    {
        if (runner.FindSandbox(sandbox) is not { } box)
        {
            await WriteAsync(http, 403, "InvalidStateTransition", "The sandbox is gone.");
            return;
        }

        Invocation invocation;
        try
        {
            invocation = await box.NextAsync(http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            await WriteAsync(http, 403, "InvalidStateTransition", "The sandbox is shutting down.");
            return;
        }

        var response = http.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = invocation.DeadlineUnixMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.InvokedFunctionArn;
        response.Headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        if (invocation.ClientContext is { } context)
        {
            response.Headers["Lambda-Runtime-Client-Context"] = context;
        }

        response.ContentLength = invocation.Payload.Length;
        await response.Body.WriteAsync(invocation.Payload, CancellationToken.None);
    }

    private async Task ResponseAsync(HttpContext http, string sandbox, string requestId)
    {
        var body = await ReadBodyAsync(http, FunctionRunner.MaxResponseBytes);
        if (runner.FindSandbox(sandbox) is not { } box)
        {
            await WriteAsync(http, 403, "InvalidStateTransition", "The sandbox is gone.");
            return;
        }

        InvocationReply reply = body is null
            ? new(Sandbox.ErrorDocument("Function.ResponseSizeTooLarge", $"Response payload size exceeded maximum allowed payload size ({FunctionRunner.MaxResponseBytes} bytes)."), "Function.ResponseSizeTooLarge")
            : new(body, null);
        if (!box.Complete(requestId, reply))
        {
            await WriteAsync(http, 400, "InvalidRequestID", "Invalid request ID");
            return;
        }

        if (body is null)
        {
            await WriteAsync(http, 413, "RequestEntityTooLarge", $"Response payload size exceeded maximum allowed payload size ({FunctionRunner.MaxResponseBytes} bytes).");
            return;
        }

        await WriteStatusAsync(http);
    }

    private async Task ErrorAsync(HttpContext http, string sandbox, string requestId)
    {
        var body = await ReadBodyAsync(http, 1024 * 1024) ?? Sandbox.ErrorDocument("Runtime.Unknown", "The error document was too large.");
        if (runner.FindSandbox(sandbox) is not { } box)
        {
            await WriteAsync(http, 403, "InvalidStateTransition", "The sandbox is gone.");
            return;
        }

        var errorType = http.Request.Headers[ErrorTypeHeader].ToString();
        if (!box.Complete(requestId, new InvocationReply(ErrorBody(body, errorType), errorType.Length > 0 ? errorType : "Runtime.Unknown")))
        {
            await WriteAsync(http, 400, "InvalidRequestID", "Invalid request ID");
            return;
        }

        await WriteStatusAsync(http);
    }

    private async Task InitErrorAsync(HttpContext http, string sandbox)
    {
        var body = await ReadBodyAsync(http, 1024 * 1024) ?? Sandbox.ErrorDocument("Runtime.Unknown", "The error document was too large.");
        if (runner.FindSandbox(sandbox) is not { } box)
        {
            await WriteAsync(http, 403, "InvalidStateTransition", "The sandbox is gone.");
            return;
        }

        var errorType = http.Request.Headers[ErrorTypeHeader].ToString();
        box.ReportInitError(new InvocationReply(ErrorBody(body, errorType), errorType.Length > 0 ? errorType : "Runtime.Unknown"));
        await WriteStatusAsync(http);
    }

    /// <summary>The error document as the invoker sees it: the runtime's JSON when it is JSON, else wrapped as
    /// <c>errorMessage</c> with the header's type.</summary>
    private static byte[] ErrorBody(byte[] body, string errorType)
    {
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(body);
            while (reader.Read())
            {
            }

            if (body.Length > 0)
            {
                return body;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return Sandbox.ErrorDocument(errorType.Length > 0 ? errorType : "Runtime.Unknown", Encoding.UTF8.GetString(body));
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Task WriteStatusAsync(HttpContext http)
    {
        http.Response.StatusCode = 202;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync("{\"status\":\"OK\"}");
    }

    private static Task WriteAsync(HttpContext http, int status, string errorType, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.Body.WriteAsync(Sandbox.ErrorDocument(errorType, message)).AsTask();
    }
}
