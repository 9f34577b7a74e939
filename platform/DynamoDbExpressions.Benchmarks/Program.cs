using System.Diagnostics;
using System.Globalization;
using DynamoDbExpressions;

// Parse + validate + evaluate throughput, per-operation latency and allocations for typical expressions.
// Each scenario runs a warm-up, then measured passes of a fixed number of operations; the median pass is shown.
var quick = args.Contains("--quick");
var operations = quick ? 20_000 : 100_000;
const int WarmupPasses = 2;
const int MeasuredPasses = 5;

var item = AttributeValueJson.ParseItem("""
    {"pk":{"S":"ORDER#123"},"sk":{"S":"LINE#0007"},"status":{"S":"PLACED"},"price":{"N":"42.50"},
     "count":{"N":"3"},"tags":{"SS":["new","gift"]},"tmp":{"BOOL":true},
     "address":{"M":{"city":{"S":"Lyon"},"zip":{"S":"69001"}}},"parts":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]}}
    """);

var scenarios = new List<Scenario>
{
    Condition("put-if-absent", "attribute_not_exists(pk)", null, null),
    Condition(
        "condition-and-or",
        "#s = :placed AND (price BETWEEN :lo AND :hi OR contains(tags, :gift)) AND size(parts) > :zero",
        new() { ["#s"] = "status" },
        new() { [":placed"] = AttributeValue.FromS("PLACED"), [":lo"] = AttributeValue.FromN("10"), [":hi"] = AttributeValue.FromN("100"), [":gift"] = AttributeValue.FromS("gift"), [":zero"] = AttributeValue.FromN("0") }),
    new("update-counter", () =>
    {
        var compiled = CompiledExpressions.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.UpdateItem,
            UpdateExpression = "SET #c = if_not_exists(#c, :zero) + :one, updatedAt = :now REMOVE tmp ADD tags :t",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#c"] = "count" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":zero"] = AttributeValue.FromN("0"),
                [":one"] = AttributeValue.FromN("1"),
                [":now"] = AttributeValue.FromS("2026-12-02T06:00:00Z"),
                [":t"] = AttributeValue.FromSS(["seen"]),
            },
        });
        return compiled.Update!.Apply(item).Count;
    }),
    new("projection", () =>
    {
        var compiled = CompiledExpressions.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.GetItem,
            ProjectionExpression = "pk, address.city, parts[1], price",
        });
        return compiled.Projection!.Apply(item).Count;
    }),
    new("query-key-condition", () =>
    {
        var compiled = CompiledExpressions.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.Query,
            KeyConditionExpression = "pk = :p AND begins_with(sk, :pre)",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":p"] = AttributeValue.FromS("ORDER#123"), [":pre"] = AttributeValue.FromS("LINE#") },
        });
        var query = compiled.KeyCondition!.ForKeySchema(new KeySchemaElement("pk", AttributeValueType.S), new KeySchemaElement("sk", AttributeValueType.S));
        return query.Matches(item) ? 1 : 0;
    }),
    new("condition-cached-parse", () => InOperator(null)),
    new("condition-uncached-parse", () => InOperator(new ExpressionCache())),
    new("evaluate-only", CompileOnce("#s = :placed AND price < :hi AND contains(tags, :gift)")),
    new("number-add-38-digits", () =>
    {
        var a = DynamoNumber.Parse("12345678901234567890.123456789012345678");
        var b = DynamoNumber.Parse("0.000000000000000001");
        return a.Add(b).SignificantDigits;
    }),
};

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{operations:N0} operations per pass, {WarmupPasses} warm-up + {MeasuredPasses} measured passes, single thread, median pass shown"));
Console.WriteLine($"{"scenario",-26} {"ops/s",12} {"p50 µs",8} {"p99 µs",8} {"alloc B/op",11}");
foreach (var scenario in scenarios)
{
    var result = Measure(scenario.Body, operations);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{scenario.Name,-26} {result.OperationsPerSecond,12:N0} {result.P50Microseconds,8:F2} {result.P99Microseconds,8:F2} {result.AllocatedBytesPerOperation,11:N0}"));
}

return 0;

Scenario Condition(string name, string expression, Dictionary<string, string>? names, Dictionary<string, AttributeValue>? values) =>
    new(name, () =>
    {
        var compiled = CompiledExpressions.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.PutItem,
            ConditionExpression = expression,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        });
        return compiled.Condition!.Evaluate(item) ? 1 : 0;
    });

int InOperator(ExpressionCache? cache)
{
    var compiled = CompiledExpressions.Compile(
        new ExpressionRequest
        {
            Operation = ExpressionOperation.PutItem,
            ConditionExpression = "attribute_exists(pk) AND #s IN (:a, :b, :c) AND NOT begins_with(sk, :x)",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#s"] = "status" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":a"] = AttributeValue.FromS("PLACED"), [":b"] = AttributeValue.FromS("PAID"), [":c"] = AttributeValue.FromS("SHIPPED"), [":x"] = AttributeValue.FromS("META") },
        },
        cache);
    return compiled.Condition!.Evaluate(item) ? 1 : 0;
}

Func<int> CompileOnce(string expression)
{
    var condition = CompiledExpressions.Compile(new ExpressionRequest
    {
        Operation = ExpressionOperation.Scan,
        FilterExpression = expression,
        ExpressionAttributeNames = new Dictionary<string, string> { ["#s"] = "status" },
        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":placed"] = AttributeValue.FromS("PLACED"), [":hi"] = AttributeValue.FromN("100"), [":gift"] = AttributeValue.FromS("gift") },
    }).Filter!;
    return () => condition.Evaluate(item) ? 1 : 0;
}

static Result Measure(Func<int> body, int operations)
{
    var sink = 0;
    for (var pass = 0; pass < WarmupPasses; pass++)
    {
        for (var i = 0; i < operations; i++)
        {
            sink += body();
        }
    }

    var passes = new Result[MeasuredPasses];
    var latencies = new long[operations];
    for (var pass = 0; pass < MeasuredPasses; pass++)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < operations; i++)
        {
            var before = Stopwatch.GetTimestamp();
            sink += body();
            latencies[i] = Stopwatch.GetTimestamp() - before;
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(latencies);
        passes[pass] = new Result(
            operations / elapsed.TotalSeconds,
            TicksToMicroseconds(latencies[operations / 2]),
            TicksToMicroseconds(latencies[(int)(operations * 0.99)]),
            (double)allocated / operations);
    }

    GC.KeepAlive(sink);
    Array.Sort(passes, (a, b) => a.OperationsPerSecond.CompareTo(b.OperationsPerSecond));
    return passes[MeasuredPasses / 2];
}

static double TicksToMicroseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

internal sealed record Scenario(string Name, Func<int> Body);

internal sealed record Result(double OperationsPerSecond, double P50Microseconds, double P99Microseconds, double AllocatedBytesPerOperation);
