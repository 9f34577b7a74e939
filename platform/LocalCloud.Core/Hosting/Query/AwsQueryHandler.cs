using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace LocalCloud.Core.Hosting;

/// <summary>
/// The host's awsQuery front door: form-encoded <c>POST</c>s (and <c>GET</c>s with a query string) carrying
/// <c>Action=</c>. The service is chosen by the SigV4 signing name, else by <c>Version=</c>; its
/// <see cref="IAwsQueryProtocol"/> shapes convert the form into the JSON body of the operation and its JSON
/// result (or error) into XML.
/// </summary>
internal sealed class AwsQueryHandler(IEnumerable<IAwsQueryProtocol> protocols, RequestPipeline pipeline, HostDiagnostics diagnostics)
{
    private const string XmlContentType = "text/xml";

    private readonly IAwsQueryProtocol[] _protocols = [.. protocols];
    private readonly Dictionary<IAwsQueryProtocol, Dictionary<string, QueryOperation>> _operations = protocols
        .ToDictionary(p => p, p => p.Operations.ToDictionary(o => o.Name, StringComparer.Ordinal));

    public static bool IsQueryRequest(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) && request.ContentType is { } type
            && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        || (HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("Action"));

    public async Task HandleAsync(HttpContext http)
    {
        diagnostics.CountRequest();
        var context = pipeline.CreateContext(http);
        IAwsQueryProtocol? protocol = null;
        var action = "unknown";
        try
        {
            var parameters = await ReadParametersAsync(http);
            parameters.TryGetValue("Version", out var version);
            protocol = Select(context.SigningService, version);
            if (!parameters.TryGetValue("Action", out var actionValue) || actionValue.Length == 0)
            {
                throw new ServiceException("MissingAction", "The request must contain the parameter Action.");
            }

            action = actionValue;
            if (protocol is null || !_operations[protocol].TryGetValue(action, out var operation))
            {
                throw new ServiceException("InvalidAction", $"The action {action} is not valid for this endpoint.");
            }

            KeyValuePair<string, string>? pathMember = null;
            var path = http.Request.Path.Value;
            if (protocol.PathInputMember is { } member && path is { Length: > 1 })
            {
                var request = http.Request;
                pathMember = KeyValuePair.Create(member, $"{request.Scheme}://{request.Host}{request.PathBase}{path}");
            }

            parameters.Remove("Action");
            parameters.Remove("Version");
            var body = QueryRequestReader.ToJson(operation.Input, parameters, pathMember);
            var result = await protocol.Service.HandleAsync(operation.Name, body, context, http.RequestAborted);
            var xml = QueryResponseWriter.Write(operation, protocol.XmlNamespace, result.Body, context.RequestId);
            await WriteAsync(http, 200, xml, context.RequestId);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            var error = pipeline.Translate(ex, http, $"{protocol?.Service.Name ?? "query"}.{action}");
            if (error is not null)
            {
                var xml = QueryResponseWriter.WriteError(error, protocol?.XmlNamespace, context.RequestId);
                await WriteAsync(http, error.StatusCode, xml, context.RequestId);
            }
        }
    }

    private IAwsQueryProtocol? Select(string? signingService, string? version) =>
        Array.Find(_protocols, p => string.Equals(p.SigningName, signingService, StringComparison.Ordinal))
        ?? Array.Find(_protocols, p => string.Equals(p.Version, version, StringComparison.Ordinal))
        ?? (_protocols.Length == 1 ? _protocols[0] : null);

    private static async Task<Dictionary<string, string>> ReadParametersAsync(HttpContext http)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in http.Request.Query)
        {
            parameters[key] = values.ToString();
        }

        if (HttpMethods.IsPost(http.Request.Method))
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var form = await reader.ReadToEndAsync(http.RequestAborted);
            foreach (var (key, values) in QueryHelpers.ParseQuery(form))
            {
                parameters[key] = values.Count > 0 ? values[0] ?? string.Empty : string.Empty;
            }
        }

        return parameters;
    }

    private static async Task WriteAsync(HttpContext http, int status, byte[] xml, string requestId)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.ContentType = XmlContentType;
        response.Headers["x-amzn-RequestId"] = requestId;
        response.ContentLength = xml.Length;
        await response.Body.WriteAsync(xml, http.RequestAborted);
    }
}
