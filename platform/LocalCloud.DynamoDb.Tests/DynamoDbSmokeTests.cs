using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LocalCloud.Testing;

namespace LocalCloud.DynamoDb.Tests;

public sealed class DynamoDbSmokeTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public async Task CreatePutGetQuery_RoundTrips()
    {
        using var client = fixture.CreateDynamoDbClient();
        var name = $"smoke-{Guid.NewGuid():N}";
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.N)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        for (var i = 0; i < 5; i++)
        {
            await client.PutItemAsync(name, new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = "a" },
                ["sk"] = new() { N = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["v"] = new() { S = $"value {i}" },
            });
        }

        var got = await client.GetItemAsync(name, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "a" }, ["sk"] = new() { N = "3" } });
        var queried = await client.QueryAsync(new QueryRequest
        {
            TableName = name,
            KeyConditionExpression = "pk = :p AND sk > :s",
            ExpressionAttributeValues = new() { [":p"] = new() { S = "a" }, [":s"] = new() { N = "1" } },
            ScanIndexForward = false,
        });

        Assert.Equal("value 3", got.Item["v"].S);
        Assert.Equal(["4", "3", "2"], queried.Items.Select(i => i["sk"].N));
    }
}
