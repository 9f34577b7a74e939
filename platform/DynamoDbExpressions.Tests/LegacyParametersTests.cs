namespace DynamoDbExpressions.Tests;

public sealed class LegacyParametersTests
{
    private static readonly Dictionary<string, AttributeValue> Item = AttributeValueJson.ParseItem("""
        {"pk":{"S":"k"},"status":{"S":"PLACED"},"count":{"N":"10"},"tags":{"SS":["a","b","c"]},"name":{"S":"hello-world"}}
        """);

    [Fact]
    public void Expected_ExistsFalse_PassesOnlyWhenMissing()
    {
        var condition = LegacyParameters.Expected(new Dictionary<string, LegacyExpected> { ["pk"] = new(Exists: false) });
        Assert.True(condition.Evaluate(null));
        Assert.False(condition.Evaluate(Item));
    }

    [Fact]
    public void Expected_ValueAlone_IsEquality()
    {
        var condition = LegacyParameters.Expected(new Dictionary<string, LegacyExpected> { ["status"] = new(Value: AttributeValue.FromS("PLACED")) });
        Assert.True(condition.Evaluate(Item));
        Assert.False(condition.Evaluate(new Dictionary<string, AttributeValue>()));
    }

    [Fact]
    public void Expected_ConditionalOperator_CombinesEntries()
    {
        var entries = new Dictionary<string, LegacyExpected>
        {
            ["status"] = new(ComparisonOperator: "EQ", AttributeValueList: [AttributeValue.FromS("PAID")]),
            ["name"] = new(ComparisonOperator: "BEGINS_WITH", AttributeValueList: [AttributeValue.FromS("hello")]),
        };
        Assert.False(LegacyParameters.Expected(entries).Evaluate(Item));
        Assert.True(LegacyParameters.Expected(entries, "OR").Evaluate(Item));
    }

    [Theory]
    [InlineData(true, null, "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a")]
    [InlineData(false, "x", "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a")]
    public void Expected_ExistsAndValueDisagree_IsRejected(bool exists, string? value, string message) =>
        Assert.Equal(message, Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.Expected(
            new Dictionary<string, LegacyExpected> { ["a"] = new(Value: value is null ? null : AttributeValue.FromS(value), Exists: exists) })).Message);

    [Fact]
    public void Expected_EmptyEntry_NeedsValue() =>
        Assert.Equal(
            "One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: a",
            Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.Expected(new Dictionary<string, LegacyExpected> { ["a"] = new() })).Message);

    // Captured against DynamoDB (paritysuite/dynamodb-conformance, DeleteItem, October 2026).
    [Fact]
    public void Expected_ValueWithList_IsRejected() =>
        Assert.Equal(
            "One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: a",
            Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.Expected(new Dictionary<string, LegacyExpected>
            {
                ["a"] = new(Value: AttributeValue.FromS("x"), ComparisonOperator: "EQ", AttributeValueList: [AttributeValue.FromS("x")]),
            })).Message);

    [Theory]
    [InlineData("EQ", 0, "One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a")]
    [InlineData("BETWEEN", 1, "One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator")]
    public void Expected_OperatorWithWrongValues_IsRejected(string op, int count, string message) =>
        Assert.Equal(message, Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.Expected(new Dictionary<string, LegacyExpected>
        {
            ["a"] = new(ComparisonOperator: op, AttributeValueList: count == 0 ? null : [.. Enumerable.Repeat(AttributeValue.FromS("x"), count)]),
        })).Message);

    [Fact]
    public void Expected_ExistsWithOperator_IsRejected() =>
        Assert.Equal(
            "One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: a",
            Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.Expected(new Dictionary<string, LegacyExpected> { ["a"] = new(Exists: true, ComparisonOperator: "NULL") })).Message);

    [Theory]
    [InlineData("EQ", 0)]
    [InlineData("NULL", 1)]
    [InlineData("BETWEEN", 1)]
    [InlineData("IN", 0)]
    public void Filter_WrongNumberOfValues_IsRejected(string op, int count) =>
        Assert.Equal(
            "One or more parameter values were invalid: Invalid number of argument(s) for the " + op + " ComparisonOperator",
            Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.Filter(new Dictionary<string, LegacyCondition>
            {
                ["a"] = new(op, [.. Enumerable.Range(0, count).Select(i => AttributeValue.FromN(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]),
            })).Message);

    [Fact]
    public void Filter_OperatorNotValidForType_IsRejected() =>
        Assert.Equal(
            "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type",
            Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.Filter(new Dictionary<string, LegacyCondition> { ["a"] = new("BEGINS_WITH", [AttributeValue.FromN("1")]) })).Message);

    [Fact]
    public void Filter_BetweenReversed_IsRejected() =>
        Assert.Equal(
            "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
            Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.Filter(new Dictionary<string, LegacyCondition> { ["a"] = new("BETWEEN", [AttributeValue.FromN("5"), AttributeValue.FromN("1")]) })).Message);

    [Theory]
    [InlineData("CONTAINS", "b", true)]
    [InlineData("NOT_CONTAINS", "z", true)]
    [InlineData("NOT_NULL", null, true)]
    [InlineData("NULL", null, false)]
    public void Filter_SetOperators_Evaluate(string op, string? value, bool expected) =>
        Assert.Equal(expected, LegacyParameters.Filter(new Dictionary<string, LegacyCondition>
        {
            ["tags"] = new(op, value is null ? null : [AttributeValue.FromS(value)]),
        }).Evaluate(Item));

    [Fact]
    public void KeyConditions_BindToSchema()
    {
        var key = LegacyParameters.KeyConditions(new Dictionary<string, LegacyCondition>
        {
            ["pk"] = new("EQ", [AttributeValue.FromS("k")]),
            ["count"] = new("BETWEEN", [AttributeValue.FromN("9"), AttributeValue.FromN("11")]),
        });
        var query = key.ForKeySchema(new KeySchemaElement("pk", AttributeValueType.S), new KeySchemaElement("count", AttributeValueType.N));
        Assert.True(query.Matches(Item));
    }

    [Fact]
    public void KeyConditions_NonIndexableOperator_IsRejected() =>
        Assert.Equal(
            "Attempted conditional constraint is not an indexable operation",
            Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.KeyConditions(new Dictionary<string, LegacyCondition> { ["pk"] = new("NE", [AttributeValue.FromS("k")]) })).Message);

    [Fact]
    public void AttributesToGet_ProjectsTopLevelNamesOnly()
    {
        var projected = LegacyParameters.AttributesToGet(["name", "missing", "count"]).Apply(Item);
        Assert.Equal(["name", "count"], projected.Keys.OrderByDescending(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void AttributesToGet_Duplicate_IsRejected() =>
        Assert.Equal(
            "One or more parameter values were invalid: Duplicate value in attribute name: a",
            Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.AttributesToGet(["a", "a"])).Message);

    [Fact]
    public void AttributeUpdates_PutAddDelete()
    {
        var update = LegacyParameters.AttributeUpdates(new Dictionary<string, LegacyAttributeUpdate>
        {
            ["status"] = new("PUT", AttributeValue.FromS("PAID")),
            ["count"] = new("ADD", AttributeValue.FromN("5")),
            ["tags"] = new("DELETE", AttributeValue.FromSS(["b"])),
            ["name"] = new("DELETE"),
            ["fresh"] = new("ADD", AttributeValue.FromNS([DynamoNumber.Parse("1")])),
        });
        var after = update.Apply(Item);
        Assert.Equal("PAID", after["status"].S);
        Assert.Equal("15", after["count"].N.ToString());
        Assert.Equal(["a", "c"], after["tags"].SS);
        Assert.False(after.ContainsKey("name"));
        Assert.Equal(AttributeValue.FromNS([DynamoNumber.Parse("1")]), after["fresh"]);
    }

    [Fact]
    public void AttributeUpdates_AddToOtherType_IsTypeMismatch() =>
        Assert.Equal(
            "Type mismatch for attribute to update",
            Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.AttributeUpdates(new Dictionary<string, LegacyAttributeUpdate> { ["status"] = new("ADD", AttributeValue.FromN("1")) }).Apply(Item)).Message);

    [Theory]
    [InlineData("PUT", null, "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified")]
    [InlineData("DELETE", "S", "One or more parameter values were invalid: DELETE action with value is not supported for the type S")]
    [InlineData("ADD", "S", "One or more parameter values were invalid: ADD action is not supported for the type S")]
    public void AttributeUpdates_InvalidAction_IsRejected(string action, string? valueType, string message) =>
        Assert.Equal(message, Assert.Throws<DynamoDbValidationException>(() => LegacyParameters.AttributeUpdates(new Dictionary<string, LegacyAttributeUpdate>
        {
            ["a"] = new(action, valueType is null ? null : AttributeValue.FromS("x")),
        })).Message);
}
