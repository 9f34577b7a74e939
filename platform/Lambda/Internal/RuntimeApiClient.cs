using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Lambda.Internal;

internal sealed class RuntimeApiClient(HttpClient http, string runtimeApi)
{
    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    public const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    public const string ClientContextHeader = "Lambda-Runtime-Client-Context";
    public const string CognitoIdentityHeader = "Lambda-Runtime-Cognito-Identity";
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly Uri _base = new($"http://{runtimeApi}/2018-06-01/runtime/", UriKind.Absolute);

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(_base, "invocation/next"), HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new RuntimeApiException($"GET invocation/next answered {(int)response.StatusCode}: {text}");
        }

        var requestId = Header(response, RequestIdHeader)
            ?? throw new RuntimeApiException($"GET invocation/next answered without {RequestIdHeader}.");
        var deadline = long.TryParse(Header(response, DeadlineHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MaxValue;
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new Invocation(
            requestId,
            deadline,
            Header(response, FunctionArnHeader) ?? "",
            Header(response, TraceIdHeader),
            Header(response, ClientContextHeader),
            Header(response, CognitoIdentityHeader),
            payload);
    }

    public Task<RuntimeApiAnswer> RespondAsync(string requestId, byte[] body, CancellationToken cancellationToken) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", body, errorType: null, cancellationToken);

    public Task<RuntimeApiAnswer> ReportInvocationErrorAsync(string requestId, string errorType, byte[] body, CancellationToken cancellationToken) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", body, errorType, cancellationToken);

    public Task<RuntimeApiAnswer> ReportInitErrorAsync(string errorType, byte[] body, CancellationToken cancellationToken) =>
        PostAsync("init/error", body, errorType, cancellationToken);

    private async Task<RuntimeApiAnswer> PostAsync(string path, byte[] body, string? errorType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, path));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = Json;
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, errorType);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync(cancellationToken);
        return new RuntimeApiAnswer((int)response.StatusCode, text);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

internal readonly record struct RuntimeApiAnswer(int StatusCode, string Body)
{
    public bool Accepted => StatusCode is >= 200 and < 300;
}

internal sealed class RuntimeApiException(string message) : Exception(message);
