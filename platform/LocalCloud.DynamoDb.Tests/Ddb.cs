using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Testing;

namespace LocalCloud.DynamoDb.Tests;

/// <summary>Builders and assertions the DynamoDB conformance tests share.</summary>
internal static class Ddb
{
    public const string ValidationType = "com.amazon.coral.validate#ValidationException";
    public const string ServicePrefix = "com.amazonaws.dynamodb.v20120810#";

    public static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue N(string value) => new() { N = value };

    public static AttributeValue B(params byte[] value) => new() { B = new MemoryStream(value) };

    public static AttributeValue Bool(bool value) => new() { BOOL = value };

    public static Dictionary<string, AttributeValue> Item(params (string Name, AttributeValue Value)[] attributes) =>
        attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);

    public static Dictionary<string, AttributeValue> Key(string pk) => Item(("pk", S(pk)));

    public static Dictionary<string, AttributeValue> Key(string pk, long sk) => Item(("pk", S(pk)), ("sk", N(sk)));

    /// <summary>A pay-per-request table keyed by <c>pk</c> (S), ACTIVE when this returns.</summary>
    public static async Task<string> HashTableAsync(IAmazonDynamoDB client, string prefix = "hash")
    {
        var name = NewName(prefix);
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
        });
        await WaitActiveAsync(client, name);
        return name;
    }

    /// <summary>A pay-per-request table keyed by <c>pk</c> (S) and <c>sk</c> (N), ACTIVE when this returns.</summary>
    public static async Task<string> RangeTableAsync(IAmazonDynamoDB client, string prefix = "range")
    {
        var name = NewName(prefix);
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.N)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        await WaitActiveAsync(client, name);
        return name;
    }

    /// <summary>Polls DescribeTable (bounded) until the table and its indexes are ACTIVE, as the SDKs' table-exists waiter does.</summary>
    public static async Task<TableDescription> WaitActiveAsync(IAmazonDynamoDB client, string name)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var table = (await client.DescribeTableAsync(name)).Table;
            if (table.TableStatus == TableStatus.ACTIVE && (table.GlobalSecondaryIndexes ?? []).All(i => i.IndexStatus == IndexStatus.ACTIVE))
            {
                return table;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Table {name} did not become ACTIVE.");
    }

    public static async Task<AmazonDynamoDBException> ValidationAsync(Func<Task> action, string message)
    {
        var error = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(action);
        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal(message, error.Message);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        return error;
    }

    /// <summary>One raw awsJson1_0 call: the status code and the parsed body.</summary>
    public static async Task<(int Status, JsonElement Body)> RawAsync(LocalCloudFixture fixture, string operation, string body)
    {
        using var http = fixture.CreateHttpClient();
        using var response = await AwsJsonCall.PostAsync(http, "DynamoDB_20120810." + operation, body, "1.0", "dynamodb");
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(string.IsNullOrEmpty(text) ? "{}" : text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public static async Task<JsonElement> RawErrorAsync(LocalCloudFixture fixture, string operation, string body, string type, string message)
    {
        var (status, error) = await RawAsync(fixture, operation, body);
        Assert.Equal(400, status);
        Assert.Equal(type, error.GetProperty("__type").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        return error;
    }
}
