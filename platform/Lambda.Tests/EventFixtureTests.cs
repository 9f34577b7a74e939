using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Lambda.Events;

namespace Lambda.Tests;

public sealed class EventFixtureTests
{
    public static TheoryData<string> Fixtures() =>
        [.. Directory.GetFiles(FixtureDirectory, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_RoundTripsThroughItsModel(string file)
    {
        var json = Read(file);

        var reserialized = RoundTrip(file, json);

        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(reserialized)),
            $"{file} changed on the round trip:\n{reserialized}");
    }

    [Fact]
    public void EventBridgeEvent_WithTypedDetail_ReadsEnvelopeAndDetail()
    {
        var e = JsonSerializer.Deserialize(Read("eventbridge-ec2-state-change.json"), TestJsonContext.Default.EventBridgeEventEc2StateChange)!;

        Assert.Equal("0", e.Version);
        Assert.Equal("EC2 Instance State-change Notification", e.DetailType);
        Assert.Equal("aws.ec2", e.Source);
        Assert.Equal("111122223333", e.Account);
        Assert.Equal(new DateTimeOffset(2017, 12, 22, 18, 43, 48, TimeSpan.Zero), e.Time);
        Assert.Equal(["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"], e.Resources);
        Assert.Equal("i-1234567890abcdef0", e.Detail.InstanceId);
        Assert.Equal("terminated", e.Detail.State);
        Assert.Null(e.ReplayName);
    }

    [Fact]
    public void EventBridgeEvent_Time_IsWrittenAsUtcWithZ()
    {
        var e = new EventBridgeEvent<JsonElement>
        {
            Id = "1",
            Time = new DateTimeOffset(2024, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)),
            Detail = JsonDocument.Parse("{}").RootElement,
            ReplayName = "rebuild",
        };

        var node = JsonNode.Parse(JsonSerializer.Serialize(e, LambdaJsonContext.Default.EventBridgeEventJsonElement))!;

        Assert.Equal("2024-01-02T03:04:05Z", node["time"]!.GetValue<string>());
        Assert.Equal("rebuild", node["replay-name"]!.GetValue<string>());
        Assert.Empty(node["resources"]!.AsArray());
    }

    [Fact]
    public void DynamoDbStreamRecord_ReadsEpochSecondsAndTypedImages()
    {
        var e = JsonSerializer.Deserialize(Read("dynamodb-stream-attribute-types.json"), LambdaJsonContext.Default.DynamoDbEvent)!;
        var record = Assert.Single(e.Records);
        var image = record.DynamoDb.NewImage!;

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1479499740), record.DynamoDb.ApproximateCreationDateTime);
        Assert.Equal("123.45", image["N"].N);
        Assert.Equal("this text is base64-encoded", System.Text.Encoding.UTF8.GetString(image["B"].B!));
        Assert.Equal(["Giraffe", "Hippo", "Zebra"], image["SS"].SS);
        Assert.Equal("Joe", image["M"].M!["Name"].S);
        Assert.Equal("3.14159", image["L"].L![2].N);
        Assert.True(image["NULL"].Null);
        Assert.True(image["BOOL"].Bool);
        Assert.Equal("NEW_IMAGE", record.DynamoDb.StreamViewType);
    }

    [Fact]
    public void DynamoDbTtlRemoval_CarriesServiceUserIdentity()
    {
        var e = JsonSerializer.Deserialize(Read("dynamodb-stream-ttl-removal.json"), LambdaJsonContext.Default.DynamoDbEvent)!;
        var record = Assert.Single(e.Records);

        Assert.Equal("REMOVE", record.EventName);
        Assert.Equal("Service", record.UserIdentity!.Type);
        Assert.Equal("dynamodb.amazonaws.com", record.UserIdentity.PrincipalId);
        Assert.Null(record.DynamoDb.NewImage);
    }

    [Fact]
    public void EpochSeconds_KeepsMillisecondsWhenPresent()
    {
        var record = JsonSerializer.Deserialize(
            """{"eventID":"1","dynamodb":{"ApproximateCreationDateTime":1479499740.123,"Keys":{}}}""",
            JsonTypeInfoFor<DynamoDbRecord>())!;

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1479499740123), record.DynamoDb.ApproximateCreationDateTime);
        Assert.Contains("\"ApproximateCreationDateTime\":1479499740.123", JsonSerializer.Serialize(record, JsonTypeInfoFor<DynamoDbRecord>()), StringComparison.Ordinal);
    }

    [Fact]
    public void HttpApiRequest_ReadsPayloadFormat20()
    {
        var request = JsonSerializer.Deserialize(Read("http-api-request.json"), LambdaJsonContext.Default.HttpApiRequest)!;

        Assert.Equal("2.0", request.Version);
        Assert.Equal("$default", request.RouteKey);
        Assert.Equal(["cookie1", "cookie2"], request.Cookies);
        Assert.Equal("value1,value2", request.Headers!["header2"]);
        Assert.Equal("POST", request.RequestContext.Http.Method);
        Assert.Equal(1583348638390, request.RequestContext.TimeEpoch);
        Assert.Equal(["scope1", "scope2"], request.RequestContext.Authorizer!.Jwt!.Scopes);
        Assert.Equal("www.example.com", request.RequestContext.Authentication!.ClientCert!.SubjectDn);
        Assert.False(request.IsBase64Encoded);
    }

    [Fact]
    public void HttpApiRequest_LambdaAuthorizerContext_KeepsJsonValues()
    {
        var request = JsonSerializer.Deserialize(Read("http-api-request-lambda-authorizer.json"), LambdaJsonContext.Default.HttpApiRequest)!;
        var context = request.RequestContext.Authorizer!.Lambda!;

        Assert.Equal("exampleValue", context["exampleKey"].GetString());
        Assert.Equal(1, context["numberKey"].GetInt32());
        Assert.Equal("o-123", request.PathParameters!["orderId"]);
        Assert.Null(request.Body);
        Assert.Null(request.Cookies);
    }

    [Fact]
    public void HttpApiResponse_Json_SetsContentType()
    {
        var json = JsonSerializer.Serialize(HttpApiResponse.Json(201, """{"orderId":"o-1"}"""), LambdaJsonContext.Default.HttpApiResponse);

        Assert.Equal("""{"statusCode":201,"headers":{"content-type":"application/json"},"body":"{\u0022orderId\u0022:\u0022o-1\u0022}","isBase64Encoded":false}""", json);
    }

    [Fact]
    public void SchedulerInvocation_ReadsTheRenderedInputTemplate()
    {
        var rendered = SchedulerInvocation.InputTemplate
            .Replace("<aws.scheduler.schedule-arn>", "arn:aws:scheduler:us-east-1:123456789012:schedule/default/s1", StringComparison.Ordinal)
            .Replace("<aws.scheduler.scheduled-time>", "2022-03-22T18:59:43Z", StringComparison.Ordinal)
            .Replace("<aws.scheduler.execution-id>", "d32c5kddcf5bb8c3", StringComparison.Ordinal)
            .Replace("<aws.scheduler.attempt-number>", "2", StringComparison.Ordinal);

        var invocation = JsonSerializer.Deserialize(rendered, LambdaJsonContext.Default.SchedulerInvocation)!;

        Assert.Equal("arn:aws:scheduler:us-east-1:123456789012:schedule/default/s1", invocation.ScheduleArn);
        Assert.Equal(new DateTimeOffset(2022, 3, 22, 18, 59, 43, TimeSpan.Zero), invocation.ScheduledTime);
        Assert.Equal("d32c5kddcf5bb8c3", invocation.ExecutionId);
        Assert.Equal(2, invocation.AttemptNumber);
    }

    [Fact]
    public void PipesDynamoDbBatch_IsABareArrayOfStreamRecords()
    {
        var batch = JsonSerializer.Deserialize(Read("pipes-dynamodb-batch.json"), LambdaJsonContext.Default.IReadOnlyListDynamoDbRecord)!;

        Assert.Equal(["INSERT", "MODIFY"], batch.Select(r => r.EventName));
        Assert.Equal("This item has changed", batch[1].DynamoDb.NewImage!["Message"].S);
        Assert.Equal("New item!", batch[1].DynamoDb.OldImage!["Message"].S);
    }

    private static string RoundTrip(string file, string json) => file switch
    {
        _ when file.StartsWith("eventbridge-", StringComparison.Ordinal) => Again(json, LambdaJsonContext.Default.EventBridgeEventJsonElement),
        _ when file.StartsWith("dynamodb-", StringComparison.Ordinal) => Again(json, LambdaJsonContext.Default.DynamoDbEvent),
        "sqs-batch-response.json" => Again(json, LambdaJsonContext.Default.SqsBatchResponse),
        _ when file.StartsWith("sqs-", StringComparison.Ordinal) => Again(json, LambdaJsonContext.Default.SqsEvent),
        "http-api-response.json" => Again(json, LambdaJsonContext.Default.HttpApiResponse),
        _ when file.StartsWith("http-api-request", StringComparison.Ordinal) => Again(json, LambdaJsonContext.Default.HttpApiRequest),
        _ when file.StartsWith("scheduler-", StringComparison.Ordinal) => Again(json, LambdaJsonContext.Default.SchedulerInvocation),
        _ when file.StartsWith("pipes-dynamodb-", StringComparison.Ordinal) => Again(json, LambdaJsonContext.Default.IReadOnlyListDynamoDbRecord),
        _ when file.StartsWith("pipes-sqs-", StringComparison.Ordinal) => Again(json, LambdaJsonContext.Default.IReadOnlyListSqsMessage),
        _ => throw new InvalidOperationException($"No model is named for fixture {file}; add it to {nameof(RoundTrip)}."),
    };

    private static string Again<T>(string json, JsonTypeInfo<T> type) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize(json, type)!, type);

    private static JsonTypeInfo<T> JsonTypeInfoFor<T>() =>
        (JsonTypeInfo<T>)LambdaJsonContext.Default.GetTypeInfo(typeof(T))!;

    private static string Read(string file) => File.ReadAllText(Path.Combine(FixtureDirectory, file));
}
