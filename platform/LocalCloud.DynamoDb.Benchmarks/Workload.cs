using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace LocalCloud.DynamoDb.Benchmarks;

/// <summary>
/// The benchmark table (<c>pk</c> string hash key, <c>sk</c> string range key, on demand) and one request per
/// operation. Items carry nine attributes, about 230 bytes. <c>GetItem</c> and <c>Query</c> read
/// <see cref="QueryPartitions"/> preloaded partitions of <see cref="PartitionSize"/> items; <c>UpdateItem</c>
/// increments one of <see cref="Counters"/> preloaded counters under a condition; <c>PutItem</c> and
/// <c>TransactWriteItems</c> (four conditional puts) write new keys.
/// </summary>
internal sealed class Workload(IAmazonDynamoDB client, string tableName)
{
    public const int QueryPartitions = 50;
    public const int PartitionSize = 20;
    public const int Counters = 1_000;
    public const int TransactionSize = 4;

    public static readonly string[] OperationNames = ["PutItem", "GetItem", "Query", "UpdateItem", "TransactWriteItems"];

    private static readonly string Payload = new('x', 120);
    private static readonly Dictionary<string, string> CounterNames = new(StringComparer.Ordinal) { ["#n"] = "count" };

    public string TableName => tableName;

    public static string Describe(string operation) => operation switch
    {
        "PutItem" => "new key, 9 attributes (~230 B)",
        "GetItem" => $"random one of {QueryPartitions * PartitionSize} items, consistent read",
        "Query" => $"pk = :p over one of {QueryPartitions} partitions of {PartitionSize} items",
        "UpdateItem" => $"SET #n = #n + :one, updatedAt = :now IF attribute_exists(pk) AND #n >= :zero, {Counters} keys",
        "TransactWriteItems" => $"{TransactionSize} puts, new keys, each IF attribute_not_exists(pk)",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    public Func<int, long, Random, Task<bool>> Operation(string operation) => operation switch
    {
        "PutItem" => PutItemAsync,
        "GetItem" => GetItemAsync,
        "Query" => QueryAsync,
        "UpdateItem" => UpdateItemAsync,
        "TransactWriteItems" => TransactWriteItemsAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    public async Task CreateAndLoadAsync(CancellationToken cancellationToken)
    {
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition("pk", ScalarAttributeType.S),
                new AttributeDefinition("sk", ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        }, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var table = await client.DescribeTableAsync(tableName, cancellationToken);
            if (table.Table.TableStatus == TableStatus.ACTIVE)
            {
                break;
            }

            if (attempt == 300)
            {
                throw new TimeoutException($"table {tableName} is still {table.Table.TableStatus}");
            }

            await Task.Delay(100, cancellationToken);
        }

        var items = new List<Dictionary<string, AttributeValue>>();
        for (var p = 0; p < QueryPartitions; p++)
        {
            for (var s = 0; s < PartitionSize; s++)
            {
                items.Add(Item(PartitionKey(p), SortKey(s), p * PartitionSize + s));
            }
        }

        for (var c = 0; c < Counters; c++)
        {
            items.Add(Item(CounterKey(c), "0", c));
        }

        foreach (var batch in items.Chunk(25))
        {
            var pending = new Dictionary<string, List<WriteRequest>>(StringComparer.Ordinal)
            {
                [tableName] = [.. batch.Select(item => new WriteRequest(new PutRequest(item)))],
            };
            for (var attempt = 0; pending.Count > 0; attempt++)
            {
                if (attempt == 50)
                {
                    throw new InvalidOperationException("BatchWriteItem kept returning unprocessed items");
                }

                var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest(pending), cancellationToken);
                pending = response.UnprocessedItems is { Count: > 0 } unprocessed ? unprocessed : [];
            }
        }
    }

    private async Task<bool> PutItemAsync(int worker, long sequence, Random random)
    {
        await client.PutItemAsync(new PutItemRequest
        {
            TableName = tableName,
            Item = Item(WrittenKey("put", worker, sequence), "0", sequence),
        });
        return true;
    }

    private async Task<bool> GetItemAsync(int worker, long sequence, Random random)
    {
        var n = random.Next(QueryPartitions * PartitionSize);
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = Key(PartitionKey(n / PartitionSize), SortKey(n % PartitionSize)),
            ConsistentRead = true,
        });
        return response.Item is { Count: 9 };
    }

    private async Task<bool> QueryAsync(int worker, long sequence, Random random)
    {
        var response = await client.QueryAsync(new QueryRequest
        {
            TableName = tableName,
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":p"] = new(PartitionKey(random.Next(QueryPartitions))),
            },
        });
        return response.Count == PartitionSize;
    }

    private async Task<bool> UpdateItemAsync(int worker, long sequence, Random random)
    {
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(CounterKey(random.Next(Counters)), "0"),
            UpdateExpression = "SET #n = #n + :one, updatedAt = :now",
            ConditionExpression = "attribute_exists(pk) AND #n >= :zero",
            ExpressionAttributeNames = CounterNames,
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [":one"] = Number(1),
                [":zero"] = Number(0),
                [":now"] = new(Now()),
            },
        });
        return true;
    }

    private async Task<bool> TransactWriteItemsAsync(int worker, long sequence, Random random)
    {
        var writes = new List<TransactWriteItem>(TransactionSize);
        for (var i = 0; i < TransactionSize; i++)
        {
            writes.Add(new TransactWriteItem
            {
                Put = new Put
                {
                    TableName = tableName,
                    Item = Item(WrittenKey("tx", worker, sequence), i.ToString(CultureInfo.InvariantCulture), sequence),
                    ConditionExpression = "attribute_not_exists(pk)",
                },
            });
        }

        await client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes });
        return true;
    }

    private static string PartitionKey(int partition) => "q-" + partition.ToString("D3", CultureInfo.InvariantCulture);

    private static string SortKey(int index) => "i-" + index.ToString("D2", CultureInfo.InvariantCulture);

    private static string CounterKey(int counter) => "c-" + counter.ToString("D4", CultureInfo.InvariantCulture);

    private static string WrittenKey(string kind, int worker, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}-{worker:D2}-{sequence:D9}");

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) => new(StringComparer.Ordinal)
    {
        ["pk"] = new(pk),
        ["sk"] = new(sk),
    };

    private static Dictionary<string, AttributeValue> Item(string pk, string sk, long n) => new(StringComparer.Ordinal)
    {
        ["pk"] = new(pk),
        ["sk"] = new(sk),
        ["status"] = new(n % 3 == 0 ? "PLACED" : "SHIPPED"),
        ["amount"] = new() { N = string.Create(CultureInfo.InvariantCulture, $"{n % 1000}.25") },
        ["count"] = Number(0),
        ["tags"] = new() { SS = ["bench", n % 2 == 0 ? "even" : "odd"] },
        ["createdAt"] = new(Now()),
        ["updatedAt"] = new(Now()),
        ["payload"] = new(Payload),
    };
}
