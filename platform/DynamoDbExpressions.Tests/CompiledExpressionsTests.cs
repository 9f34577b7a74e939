namespace DynamoDbExpressions.Tests;

public sealed class CompiledExpressionsTests
{
    private static readonly Dictionary<string, AttributeValue> OneValue = new() { [":v"] = AttributeValue.FromS("x") };

    [Fact]
    public void Compile_UpdateWithAttributeUpdates_IsRejected()
    {
        var error = Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.UpdateItem,
            UpdateExpression = "SET attr1 = :v",
            ExpressionAttributeValues = OneValue,
            LegacyParameters = ["AttributeUpdates"],
        });
        Assert.Equal("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}", error);
    }

    [Fact]
    public void Compile_ConditionWithExpected_IsRejected()
    {
        var error = Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.PutItem,
            ConditionExpression = "attribute_not_exists(pk)",
            LegacyParameters = ["Expected"],
        });
        Assert.Equal("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}", error);
    }

    [Fact]
    public void Compile_QueryMixingEverything_ListsBothSidesInDynamoDbOrder()
    {
        var error = Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.Query,
            KeyConditionExpression = "pk = :v",
            FilterExpression = "a = :v",
            ProjectionExpression = "a",
            ExpressionAttributeValues = OneValue,
            LegacyParameters = ["KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator"],
        });
        Assert.Equal("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions} Expression parameters: {ProjectionExpression, FilterExpression, KeyConditionExpression}", error);
    }

    [Fact]
    public void Compile_KeyConditionsWithFilterExpression_IsAllowed()
    {
        var compiled = CompiledExpressions.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.Query,
            FilterExpression = "a = :v",
            ExpressionAttributeValues = OneValue,
            LegacyParameters = ["KeyConditions"],
        });
        Assert.NotNull(compiled.Filter);
    }

    [Fact]
    public void Compile_ValuesWithoutExpressions_IsRejected()
    {
        // PutItem runs the current layer (captured: no suffix); Scan the older one (dynalite's suffix).
        Assert.Equal(
            "ExpressionAttributeValues can only be specified when using expressions",
            Compile(new ExpressionRequest { Operation = ExpressionOperation.PutItem, ExpressionAttributeValues = OneValue }));
        Assert.Equal(
            "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null",
            Compile(new ExpressionRequest { Operation = ExpressionOperation.Scan, ExpressionAttributeValues = OneValue }));
    }

    [Fact]
    public void Compile_NamesWithoutExpressions_IsRejected() =>
        Assert.Equal(
            "ExpressionAttributeNames can only be specified when using expressions",
            Compile(new ExpressionRequest { Operation = ExpressionOperation.GetItem, ExpressionAttributeNames = new Dictionary<string, string> { ["#a"] = "a" } }));

    [Fact]
    public void Compile_ErrorsInSeveralExpressions_ReportsUpdateFirstThenCondition()
    {
        var error = Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.UpdateItem,
            ConditionExpression = "status = :v",
            UpdateExpression = "SET a = :missing",
            ExpressionAttributeValues = OneValue,
        });
        Assert.Equal("Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :missing", error);
    }

    [Fact]
    public void Compile_PlaceholderUsedByAnyExpression_CountsAsUsed()
    {
        var compiled = CompiledExpressions.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.UpdateItem,
            ConditionExpression = "#a = :v",
            UpdateExpression = "SET b = :w",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#a"] = "a" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v"] = AttributeValue.FromS("x"), [":w"] = AttributeValue.FromS("y") },
        });
        Assert.NotNull(compiled.Condition);
        Assert.Equal("b", Assert.Single(compiled.Update!.Paths).ToString());
    }

    [Fact]
    public void Compile_UnusedNamesReportedBeforeUnusedValues()
    {
        var error = Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.PutItem,
            ConditionExpression = "attribute_exists(a)",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#n"] = "n" },
            ExpressionAttributeValues = OneValue,
        });
        Assert.Equal("Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}", error);
    }

    [Fact]
    public void Compile_SameTextWithOtherValues_ReusesParseButRevalidates()
    {
        var cache = new ExpressionCache();
        var request = new ExpressionRequest { Operation = ExpressionOperation.PutItem, ConditionExpression = "a = :v", ExpressionAttributeValues = OneValue };
        var first = CompiledExpressions.Compile(request, cache).Condition!;
        Assert.True(first.Evaluate(new Dictionary<string, AttributeValue> { ["a"] = AttributeValue.FromS("x") }));

        var other = new ExpressionRequest { Operation = ExpressionOperation.PutItem, ConditionExpression = "a = :v", ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v"] = AttributeValue.FromN("1") } };
        Assert.False(CompiledExpressions.Compile(other, cache).Condition!.Evaluate(new Dictionary<string, AttributeValue> { ["a"] = AttributeValue.FromS("x") }));

        var missing = new ExpressionRequest { Operation = ExpressionOperation.PutItem, ConditionExpression = "a = :v" };
        Assert.Equal("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v", Compile(missing, cache));
    }

    [Fact]
    public void Compile_ConcurrentRequests_AllSucceed()
    {
        var cache = new ExpressionCache(capacity: 8);
        Parallel.For(0, 2000, i =>
        {
            var request = new ExpressionRequest
            {
                Operation = ExpressionOperation.PutItem,
                ConditionExpression = "a = :v OR b" + (i % 20).ToString(System.Globalization.CultureInfo.InvariantCulture) + " = :v",
                ExpressionAttributeValues = OneValue,
            };
            Assert.True(CompiledExpressions.Compile(request, cache).Condition!.Evaluate(new Dictionary<string, AttributeValue> { ["a"] = AttributeValue.FromS("x") }));
        });
    }

    [Fact]
    public void UpdateApply_DoesNotChangeTheInputItem()
    {
        var item = AttributeValueJson.ParseItem("""{"a":{"M":{"b":{"N":"1"}}},"l":{"L":[{"N":"1"}]}}""");
        var before = AttributeValueJson.SerializeItem(item);
        var update = CompiledExpressions.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.UpdateItem,
            UpdateExpression = "SET a.b = :v, l[0] = :v",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":v"] = AttributeValue.FromN("2") },
        }).Update!;
        var after = update.Apply(item);
        Assert.Equal(before, AttributeValueJson.SerializeItem(item));
        Assert.Equal("""{"a":{"M":{"b":{"N":"2"}}},"l":{"L":[{"N":"2"}]}}""", AttributeValueJson.SerializeItem(after));
    }

    [Fact]
    public void ProjectUpdated_ReturnsEverySubpathWritten()
    {
        var update = CompiledExpressions.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.UpdateItem,
            UpdateExpression = "SET #a.#b = :x, #a.#c = :y REMOVE gone",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#a"] = "a", ["#b"] = "b", ["#c"] = "c" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":x"] = AttributeValue.FromS("x"), [":y"] = AttributeValue.FromS("y") },
        }).Update!;
        var before = AttributeValueJson.ParseItem("""{"pk":{"S":"k"},"a":{"M":{"existing":{"S":"e"}}},"gone":{"N":"1"}}""");
        var after = update.Apply(before);
        Assert.Equal("""{"a":{"M":{"b":{"S":"x"},"c":{"S":"y"}}}}""", AttributeValueJson.SerializeItem(update.ProjectUpdated(after)));
        Assert.Equal("""{"gone":{"N":"1"}}""", AttributeValueJson.SerializeItem(update.ProjectUpdated(before)));
    }

    [Theory]
    [InlineData("SET sk = :v", "sk")]
    [InlineData("SET note = :v REMOVE pk", "pk")]
    [InlineData("SET pk.nested = :v", "pk")]
    public void CheckKeyAttributesUntouched_KeyInPaths_IsRejected(string expression, string key)
    {
        var update = CompiledExpressions.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.UpdateItem,
            UpdateExpression = expression,
            ExpressionAttributeValues = OneValue,
        }).Update!;
        Assert.Equal(
            $"One or more parameter values were invalid: Cannot update attribute {key}. This attribute is part of the key",
            Assert.Throws<DynamoDbValidationException>(() => update.CheckKeyAttributesUntouched(["pk", "sk"])).Message);
    }

    public static TheoryData<string> DeeplyNested() =>
    [
        new string('(', 2040) + "a = :v" + new string(')', 2040),
        new string('(', 2040) + "a" + new string(')', 2040) + " = :v",
        string.Concat(Enumerable.Repeat("NOT ", 1010)) + "a = :v",
        string.Concat(Enumerable.Repeat("size(", 680)) + "a" + new string(')', 680) + " = :v",
    ];

    [Theory]
    [MemberData(nameof(DeeplyNested))]
    public void Compile_DeepNestingWithinTheSizeLimit_IsAValidationError(string condition)
    {
        Assert.True(condition.Length <= 4096);
        var request = new ExpressionRequest { Operation = ExpressionOperation.PutItem, ConditionExpression = condition, ExpressionAttributeValues = OneValue };
        var error = Assert.Throws<DynamoDbValidationException>(() => CompiledExpressions.Compile(request, new ExpressionCache()));
        Assert.StartsWith("Invalid ConditionExpression: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReservedWords_HoldTheWholeList() => Assert.Equal(573, Internal.ReservedWords.Count);

    private static string Compile(ExpressionRequest request, ExpressionCache? cache = null) =>
        Assert.Throws<DynamoDbValidationException>(() => CompiledExpressions.Compile(request, cache)).Message;
}
