using System.Text.Json;
using LocalCloud.Testing;
using static LocalCloud.DynamoDb.Tests.Ddb;

namespace LocalCloud.DynamoDb.Tests;

/// <summary>The awsJson1_0 error bodies as they cross the wire, which the SDK's exceptions only partly show.</summary>
public sealed class ErrorShapeTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task ValidationError_IsNamespacedWithALowercaseMessage()
    {
        var (status, body) = await RawAsync(fixture, "ListTables", """{"Limit":0}""");

        Assert.Equal(400, status);
        Assert.Equal(["__type", "message"], Members(body));
        Assert.Equal(ValidationType, body.GetProperty("__type").GetString());
        Assert.Equal("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ErrorResponse_IsAwsJson10()
    {
        using var http = fixture.CreateHttpClient();
        using var response = await AwsJsonCall.PostAsync(http, "DynamoDB_20120810.DescribeTable", """{"TableName":"nope-nope"}""", "1.0", "dynamodb");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SuccessfulResponse_IsAwsJson10()
    {
        using var http = fixture.CreateHttpClient();
        using var response = await AwsJsonCall.PostAsync(http, "DynamoDB_20120810.ListTables", "{}", "1.0", "dynamodb");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ResourceNotFound_IsNamespacedInTheDynamoDbService()
    {
        await RawErrorAsync(fixture, "DescribeTable", """{"TableName":"no-such-table"}""",
            ServicePrefix + "ResourceNotFoundException", "Requested resource not found: Table: no-such-table not found");
        await RawErrorAsync(fixture, "GetItem", """{"TableName":"no-such-table","Key":{"pk":{"S":"a"}}}""",
            ServicePrefix + "ResourceNotFoundException", "Requested resource not found");
    }

    [Fact]
    public async Task ResourceInUse_IsNamespacedInTheDynamoDbService()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        await RawErrorAsync(fixture, "CreateTable",
            """{"TableName":"@0@","BillingMode":"PAY_PER_REQUEST","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}]}""".Replace("@0@", name, StringComparison.Ordinal),
            ServicePrefix + "ResourceInUseException", $"Table already exists: {name}");
    }

    [Fact]
    public async Task ConditionalCheckFailed_WithoutAllOld_CarriesOnlyTypeAndMessage()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Key("a"));

        var body = await RawErrorAsync(fixture, "PutItem",
            """{"TableName":"@0@","Item":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(pk)"}""".Replace("@0@", name, StringComparison.Ordinal),
            ServicePrefix + "ConditionalCheckFailedException", "The conditional request failed");

        Assert.Equal(["__type", "message"], Members(body));
    }

    [Fact]
    public async Task ConditionalCheckFailed_WithAllOld_CarriesTheItem()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Item(("pk", S("a")), ("n", N(7))));

        var body = await RawErrorAsync(fixture, "PutItem",
            """{"TableName":"@0@","Item":{"pk":{"S":"a"}},"ConditionExpression":"attribute_not_exists(pk)","ReturnValuesOnConditionCheckFailure":"ALL_OLD"}""".Replace("@0@", name, StringComparison.Ordinal),
            ServicePrefix + "ConditionalCheckFailedException", "The conditional request failed");

        Assert.Equal("""{"pk":{"S":"a"},"n":{"N":"7"}}""", body.GetProperty("Item").GetRawText());
    }

    [Fact]
    public async Task TransactionCanceled_CarriesCancellationReasonsInRequestOrder()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        await client.PutItemAsync(name, Key("taken"));

        var body = await RawErrorAsync(fixture, "TransactWriteItems",
            """{"TransactItems":[{"Put":{"TableName":"@0@","Item":{"pk":{"S":"free"}}}},{"Put":{"TableName":"@1@","Item":{"pk":{"S":"taken"}},"ConditionExpression":"attribute_not_exists(pk)"}}]}""".Replace("@0@", name, StringComparison.Ordinal).Replace("@1@", name, StringComparison.Ordinal),
            ServicePrefix + "TransactionCanceledException",
            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]");

        Assert.Equal("""[{"Code":"None"},{"Code":"ConditionalCheckFailed","Message":"The conditional request failed"}]""", body.GetProperty("CancellationReasons").GetRawText());
    }

    [Fact]
    public async Task IdempotentParameterMismatch_IsNamespacedInTheDynamoDbService()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);
        var token = Guid.NewGuid().ToString();

        await RawAsync(fixture, "TransactWriteItems", """{"ClientRequestToken":"@0@","TransactItems":[{"Put":{"TableName":"@1@","Item":{"pk":{"S":"a"}}}}]}""".Replace("@0@", token, StringComparison.Ordinal).Replace("@1@", name, StringComparison.Ordinal));
        await RawErrorAsync(fixture, "TransactWriteItems", """{"ClientRequestToken":"@0@","TransactItems":[{"Put":{"TableName":"@1@","Item":{"pk":{"S":"b"}}}}]}""".Replace("@0@", token, StringComparison.Ordinal).Replace("@1@", name, StringComparison.Ordinal),
            ServicePrefix + "IdempotentParameterMismatchException", "Request with the same client token was previously made with different parameters.");
    }

    [Fact]
    public async Task MalformedJson_IsASerializationException()
    {
        var (status, body) = await RawAsync(fixture, "ListTables", """{"Limit":""");

        Assert.Equal(400, status);
        Assert.Equal("com.amazon.coral.service#SerializationException", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task WrongJsonType_IsASerializationException()
    {
        var (status, body) = await RawAsync(fixture, "DescribeTable", """{"TableName":5}""");

        Assert.Equal(400, status);
        Assert.Equal("com.amazon.coral.service#SerializationException", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task UnknownOperation_IsRejected()
    {
        var (status, body) = await RawAsync(fixture, "NoSuchOperation", "{}");

        Assert.Equal(400, status);
        Assert.Equal("com.amazon.coral.service#UnknownOperationException", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task SuccessfulGetOfAMissingItem_IsAnEmptyObject()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = await HashTableAsync(client);

        var (status, body) = await RawAsync(fixture, "GetItem", """{"TableName":"@0@","Key":{"pk":{"S":"none"}}}""".Replace("@0@", name, StringComparison.Ordinal));

        Assert.Equal(200, status);
        Assert.Equal("{}", body.GetRawText());
    }

    private static List<string> Members(JsonElement body) => body.EnumerateObject().Select(p => p.Name).ToList();
}
