using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Core.Hosting;

public sealed partial class RequestPipeline(
    ServiceRegistry registry,
    CloudContext cloud,
    HostDiagnostics diagnostics,
    ILogger<RequestPipeline> logger)
{
    private readonly Dictionary<IAwsJsonService, HashSet<string>> _operations = registry.AwsJsonServices
        .ToDictionary(s => s, s => new HashSet<string>(s.OperationNames, StringComparer.Ordinal));

    public static string ContentTypeFor(AwsProtocol protocol) => protocol switch
    {
        AwsProtocol.AwsJson10 => "application/x-amz-json-1.0",
        AwsProtocol.AwsJson11 => "application/x-amz-json-1.1",
        _ => "application/json",
    };

    public RequestContext CreateContext(HttpContext http)
    {
        var scope = SigV4Scope.Parse(http.Request.Headers.Authorization.ToString());
        return new RequestContext
        {
            RequestId = Guid.NewGuid().ToString(),
            Region = scope?.Region is { Length: > 0 } region ? region : cloud.Region,
            AccountId = AccountIds.FromAccessKey(scope?.AccessKeyId, cloud.AccountId),
            SigningService = scope?.Service,
            AccessKeyId = scope?.AccessKeyId,
            Endpoint = cloud.Endpoint,
            Http = http,
        };
    }

    public async Task HandleAwsJsonAsync(HttpContext http, string target)
    {
        diagnostics.CountRequest();
        var context = CreateContext(http);
        var dot = target.LastIndexOf('.');
        var prefix = dot > 0 ? target[..dot] : target;
        var operation = dot > 0 ? target[(dot + 1)..] : string.Empty;
        var service = registry.FindByTarget(prefix, context.SigningService);
        var contentType = service is null ? "application/x-amz-json-1.1" : ContentTypeFor(service.Protocol);
        try
        {
            if (service is null || !_operations[service].Contains(operation))
            {
                throw new ServiceException((service?.ErrorCodePrefix ?? string.Empty) + "UnknownOperationException", $"Operation {target} is not supported.");
            }

            if (!HttpMethods.IsPost(http.Request.Method))
            {
                throw new ServiceException(service.ErrorCodePrefix + "UnknownOperationException", $"Operation {target} requires POST.");
            }

            var body = await ReadBodyAsync(http);
            var result = await service.HandleAsync(operation, body, context, http.RequestAborted);
            var response = http.Response;
            response.StatusCode = 200;
            response.ContentType = contentType;
            response.Headers["x-amzn-RequestId"] = context.RequestId;
            response.ContentLength = result.Body.Length;
            await response.Body.WriteAsync(result.Body, http.RequestAborted);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            var error = Translate(ex, http, target);
            if (error is not null)
            {
                await ErrorWriter.WriteAwsJsonAsync(http, error, contentType, context.RequestId);
            }
        }
    }

    public async Task HandleRestAsync(HttpContext http, IRestJsonService service, RestOperation operation)
    {
        diagnostics.CountRequest();
        var context = CreateContext(http);
        try
        {
            var body = await ReadBodyAsync(http);
            var result = await operation.Handler(new RestRequest(http, body, context), http.RequestAborted);
            var response = http.Response;
            response.StatusCode = result.StatusCode;
            response.Headers["x-amzn-RequestId"] = context.RequestId;
            if (result.Headers is not null)
            {
                foreach (var (name, value) in result.Headers)
                {
                    response.Headers[name] = value;
                }
            }

            if (!result.Body.IsEmpty)
            {
                response.ContentType = result.ContentType;
                response.ContentLength = result.Body.Length;
                await response.Body.WriteAsync(result.Body, http.RequestAborted);
            }
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            var error = Translate(ex, http, $"{service.Name}.{operation.Name}");
            if (error is not null)
            {
                await ErrorWriter.WriteRestJsonAsync(http, error, service.ErrorMessageKey, service.ErrorBodyIncludesCode, context.RequestId);
            }
        }
    }

    public Task WriteUnknownRouteAsync(HttpContext http)
    {
        diagnostics.CountRequest();
        var error = new ServiceException(
            "UnknownOperationException",
            $"No service of this local cloud handles {http.Request.Method} {http.Request.Path}.",
            404);
        return ErrorWriter.WriteRestJsonAsync(http, error, "message", includeCode: false, Guid.NewGuid().ToString());
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.ContentLength == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        using var buffer = request.ContentLength is { } length and <= int.MaxValue
            ? new MemoryStream((int)length)
            : new MemoryStream();
        await request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    internal ServiceException? Translate(Exception ex, HttpContext http, string operation)
    {
        switch (ex)
        {
            case ServiceException aws:
                if (aws.StatusCode >= 500)
                {
                    LogServiceFault(logger, operation, aws.Code, aws.Message);
                }

                return aws;
            case System.Text.Json.JsonException json:
                return AwsJson.Serialization(json);
            case BadHttpRequestException bad:
                return new ServiceException(
                    bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "RequestEntityTooLarge" : "BadRequest",
                    bad.Message,
                    bad.StatusCode);
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                return null;
            default:
                diagnostics.CountInternalFailure();
                LogInternalFailure(logger, ex, operation);
                return new ServiceException("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "BUG: unhandled exception in {Operation}; answered 500 InternalFailure")]
    private static partial void LogInternalFailure(ILogger logger, Exception exception, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Operation} answered a server fault {Code}: {Message}")]
    private static partial void LogServiceFault(ILogger logger, string operation, string code, string message);
}
