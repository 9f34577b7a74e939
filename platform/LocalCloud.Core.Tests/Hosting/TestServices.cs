using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Core.Tests.Hosting;

internal sealed class EchoRequest
{
    public string? Name { get; set; }

    public int? Count { get; set; }
}

[JsonSerializable(typeof(EchoRequest))]
internal sealed partial class TestJsonContext : JsonSerializerContext;

internal sealed class EchoJsonService : IAwsJsonService
{
    public string Name => "echo";

    public string SigningName => "echo";

    public AwsProtocol Protocol => AwsProtocol.AwsJson11;

    public string TargetPrefix => "Echo_2020";

    public IReadOnlyCollection<string> OperationNames { get; } = ["Echo", "Fail", "FailWithItem", "Crash", "WhoAmI"];

    public Task<AwsJsonResponse> HandleAsync(string operation, ReadOnlyMemory<byte> body, RequestContext context, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case "Echo":
                var request = AwsJson.Deserialize(body, TestJsonContext.Default.EchoRequest);
                var name = AwsJson.Required(request.Name, "name");
                return Task.FromResult(AwsJsonResponse.FromString(JsonSerializer.Serialize(new EchoRequest { Name = name, Count = request.Count }, TestJsonContext.Default.EchoRequest)));
            case "Fail":
                throw new ServiceException("ResourceNotFoundException", "Thing x does not exist.") { QueryErrorCode = "AWS.Echo.NotFound" };
            case "FailWithItem":
                throw new ServiceException("ConditionalCheckFailedException", "The conditional request failed")
                {
                    WriteExtraMembers = w =>
                    {
                        w.WriteStartObject("Item");
                        w.WriteStartObject("pk");
                        w.WriteString("S", "a");
                        w.WriteEndObject();
                        w.WriteEndObject();
                    },
                };
            case "Crash":
                throw new InvalidOperationException("boom");
            default:
                return Task.FromResult(AwsJsonResponse.FromString($"{{\"region\":\"{context.Region}\",\"service\":\"{context.SigningService}\"}}"));
        }
    }
}

internal sealed class ShadowJsonService : IAwsJsonService
{
    public string Name => "shadow";

    public string SigningName => "shadow";

    public AwsProtocol Protocol => AwsProtocol.AwsJson10;

    public string TargetPrefix => "Echo_2020";

    public IReadOnlyCollection<string> OperationNames { get; } = ["WhoAmI"];

    public Task<AwsJsonResponse> HandleAsync(string operation, ReadOnlyMemory<byte> body, RequestContext context, CancellationToken cancellationToken) =>
        Task.FromResult(AwsJsonResponse.FromString("{\"shadow\":true}"));
}

internal sealed class WidgetRestService : IRestJsonService
{
    public WidgetRestService()
    {
        Operations =
        [
            new RestOperation("GetWidget", "GET", "/v1/widgets/{name}", (request, _) =>
            {
                var name = request.Route("name");
                if (name == "missing")
                {
                    throw new ServiceException("NotFoundException", "Widget missing not found.", 404);
                }

                return Task.FromResult(new RestResponse { Body = Encoding.UTF8.GetBytes($"{{\"Name\":\"{name}\",\"Color\":\"{request.Query("color")}\"}}") });
            }),
            new RestOperation("CreateWidget", "POST", "/v1/widgets/{name}", (request, _) =>
            {
                var body = request.ReadJson(TestJsonContext.Default.EchoRequest);
                return Task.FromResult(new RestResponse { StatusCode = 201, Body = Encoding.UTF8.GetBytes($"{{\"Count\":{body.Count ?? 0}}}") });
            }),
        ];
    }

    public string Name => "widgets";

    public string SigningName => "widgets";

    public AwsProtocol Protocol => AwsProtocol.RestJson1;

    public string ErrorMessageKey => "Message";

    public IReadOnlyCollection<string> OperationNames => [.. Operations.Select(o => o.Name)];

    public IReadOnlyList<RestOperation> Operations { get; }
}
