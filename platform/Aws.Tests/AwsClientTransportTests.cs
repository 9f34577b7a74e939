using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Aws.EventBridge;
using Aws.Schemas;

namespace Aws.Tests;

public sealed class AwsClientTransportTests
{
    private static readonly BasicAWSCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private static AwsClientOptions Options(RecordingHandler handler, int maxAttempts = 3) => new()
    {
        ServiceUrl = new Uri("http://127.0.0.1:4566"),
        Region = "eu-west-1",
        Credentials = Credentials,
        PrimaryHandler = handler,
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.Zero,
    };

    [Fact]
    public async Task EventBridgeCall_IsSignedForEventsWithAwsJsonHeaders()
    {
        var handler = new RecordingHandler(RecordingHandler.Json(HttpStatusCode.OK, """{"FailedEntryCount":0,"Entries":[{"EventId":"e-1"}]}"""));
        using var client = new EventBridgeClient(Options(handler));

        var response = await client.PutEventsAsync(new PutEventsRequest
        {
            Entries = [new PutEventsRequestEntry { Source = "com.example.orders", DetailType = "order.placed.v1", Detail = "{}", EventBusName = "orders" }],
        });

        Assert.Equal("e-1", Assert.Single(response.Entries).EventId);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/", request.Uri.AbsolutePath);
        Assert.Equal("AWSEvents.PutEvents", request.Headers["X-Amz-Target"]);
        Assert.Equal("application/x-amz-json-1.1", request.Headers["Content-Type"]);
        var authorization = request.Headers["Authorization"];
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization, StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/events/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-target", SignedHeaders(authorization));
        AssertSignatureMatches(request, "events");
    }

    [Fact]
    public async Task SchemasCall_IsSignedForSchemasWithEscapedPath()
    {
        var handler = new RecordingHandler(RecordingHandler.Json(HttpStatusCode.OK, """{"SchemaName":"com.example@order.placed.v1","SchemaVersion":"2","Content":"{}","LastModified":"2026-01-02T03:04:05Z"}"""));
        using var client = new SchemasClient(Options(handler));

        var response = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = "contracts", SchemaName = "com.example@order.placed.v1", SchemaVersion = "2" });

        Assert.Equal("2", response.SchemaVersion);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), response.LastModified);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/v1/registries/name/contracts/schemas/name/com.example%40order.placed.v1", request.Uri.AbsolutePath);
        Assert.Equal("?schemaVersion=2", request.Uri.Query);
        Assert.Contains("/eu-west-1/schemas/aws4_request", request.Headers["Authorization"], StringComparison.Ordinal);
        AssertSignatureMatches(request, "schemas");
    }

    [Fact]
    public async Task SchemasCreate_SendsOnlyBodyMembersAsJson()
    {
        var handler = new RecordingHandler(RecordingHandler.Json(HttpStatusCode.Created, """{"SchemaVersion":"1"}"""));
        using var client = new SchemasClient(Options(handler));

        await client.CreateSchemaAsync(new CreateSchemaRequest
        {
            RegistryName = "contracts",
            SchemaName = "s",
            Content = "{}",
            Type = SchemaType.JsonSchemaDraft4,
            Tags = new Dictionary<string, string> { ["team"] = "orders" },
        });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(["Content", "Type", "tags"], body.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task PutEventsTime_IsSentAsEpochSeconds_AndNullsAreOmitted()
    {
        var handler = new RecordingHandler();
        using var client = new EventBridgeClient(Options(handler));

        await client.PutEventsAsync(new PutEventsRequest
        {
            Entries = [new PutEventsRequestEntry { Source = "s", DetailType = "d", Detail = "{}", Time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, 250, TimeSpan.Zero) }],
        });

        using var body = JsonDocument.Parse(handler.Requests[0].Body);
        var entry = body.RootElement.GetProperty("Entries")[0];
        Assert.Equal(1767225600.25m, entry.GetProperty("Time").GetDecimal());
        Assert.False(entry.TryGetProperty("EventBusName", out _));
        Assert.False(body.RootElement.TryGetProperty("EndpointId", out _));
    }

    [Fact]
    public async Task EpochTimestamps_InResponses_AreRead()
    {
        var handler = new RecordingHandler(RecordingHandler.Json(HttpStatusCode.OK, """{"Name":"orders","Arn":"arn:aws:events:eu-west-1:000000000000:event-bus/orders","CreationTime":1767225600.5}"""));
        using var client = new EventBridgeClient(Options(handler));

        var bus = await client.DescribeEventBusAsync(new DescribeEventBusRequest { Name = "orders" });

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 500, TimeSpan.Zero), bus.CreationTime);
    }

    [Fact]
    public async Task ServerErrorThenSuccess_IsRetriedAndEachAttemptIsSigned()
    {
        var handler = new RecordingHandler(
            RecordingHandler.Json(HttpStatusCode.ServiceUnavailable, """{"__type":"ServiceUnavailable","message":"busy"}"""),
            RecordingHandler.Json(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.events#ThrottlingException","message":"slow down"}"""),
            RecordingHandler.Json(HttpStatusCode.OK, """{"RuleArn":"arn:aws:events:eu-west-1:000000000000:rule/r"}"""));
        using var client = new EventBridgeClient(Options(handler));

        var response = await client.PutRuleAsync(new PutRuleRequest { Name = "r", EventPattern = """{"source":["s"]}""" });

        Assert.Equal("arn:aws:events:eu-west-1:000000000000:rule/r", response.RuleArn);
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => AssertSignatureMatches(r, "events"));
    }

    [Fact]
    public async Task ClientError_IsNotRetried_AndSurfacesAsTypedException()
    {
        var handler = new RecordingHandler(RecordingHandler.Json(
            HttpStatusCode.BadRequest,
            """{"__type":"com.amazonaws.events#ResourceNotFoundException","message":"Rule r does not exist on EventBus default."}""",
            ("x-amzn-RequestId", "abc-123")));
        using var client = new EventBridgeClient(Options(handler));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeRuleAsync(new RuleRequest { Name = "r" }));

        Assert.Single(handler.Requests);
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal("Rule r does not exist on EventBus default.", error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("abc-123", error.RequestId);
    }

    [Fact]
    public async Task PersistentServerError_StopsAfterMaxAttempts()
    {
        var handler = new RecordingHandler(
            RecordingHandler.Json(HttpStatusCode.InternalServerError, "{}"),
            RecordingHandler.Json(HttpStatusCode.InternalServerError, "{}"),
            RecordingHandler.Json(HttpStatusCode.InternalServerError, "{}"),
            RecordingHandler.Json(HttpStatusCode.OK, "{}"));
        using var client = new SchemasClient(Options(handler, maxAttempts: 3));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeRegistryAsync("r"));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("InternalFailure", error.ErrorCode);
    }

    [Fact]
    public async Task ConnectionFailures_AreRetriedThenReportedAsConnectionFailure()
    {
        var handler = new RecordingHandler(
            _ => throw new HttpRequestException("connection refused"),
            _ => throw new HttpRequestException("connection refused"));
        using var client = new SchemasClient(Options(handler, maxAttempts: 2));

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.ListRegistriesAsync());

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("ConnectionFailure", error.ErrorCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task UpdateSchema_CarriesOneClientTokenAcrossRetries()
    {
        var handler = new RecordingHandler(
            RecordingHandler.Json(HttpStatusCode.ServiceUnavailable, "{}"),
            RecordingHandler.Json(HttpStatusCode.OK, """{"SchemaVersion":"2"}"""));
        using var client = new SchemasClient(Options(handler));

        await client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = "r", SchemaName = "s", Content = "{}" });

        var tokens = handler.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("ClientTokenId").GetString()).ToArray();
        Assert.Equal(2, tokens.Length);
        Assert.False(string.IsNullOrEmpty(tokens[0]));
        Assert.Equal(tokens[0], tokens[1]);
    }

    private static string[] SignedHeaders(string authorization)
    {
        const string Marker = "SignedHeaders=";
        var start = authorization.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        var end = authorization.IndexOf(',', start);
        return authorization[start..end].Split(';');
    }

    private static void AssertSignatureMatches(RecordedRequest recorded, string service)
    {
        var authorization = recorded.Headers["Authorization"];
        var signedAt = DateTime.ParseExact(recorded.Headers["X-Amz-Date"], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var request = new AWSSigningRequest { HttpMethod = recorded.Method, RequestUri = recorded.Uri, Content = recorded.Body };
        foreach (var name in SignedHeaders(authorization))
        {
            if (name is "host" or "x-amz-date" or "x-amz-content-sha256")
            {
                continue;
            }

            request.Headers[name] = recorded.Headers[name];
        }

        var expected = AWSSigV4Signer.Sign(request, new AWSSigV4Parameters
        {
            Credentials = Credentials,
            Region = RegionEndpoint.EUWest1,
            Service = service,
            SignedAt = signedAt,
        });

        Assert.Equal(expected.Headers["Authorization"], authorization);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(recorded.Body)), recorded.Headers["X-Amz-Content-SHA256"]);
    }
}
