using System.Text.Json;

namespace DynamoDbExpressions.Tests;

public sealed class AttributeValueTests
{
    [Theory]
    [InlineData("{\"S\":\"x\"}")]
    [InlineData("{\"N\":\"-1.5\"}")]
    [InlineData("{\"B\":\"AQID\"}")]
    [InlineData("{\"BOOL\":false}")]
    [InlineData("{\"NULL\":true}")]
    [InlineData("{\"M\":{\"a\":{\"L\":[{\"S\":\"\"},{\"M\":{}}]}}}")]
    [InlineData("{\"SS\":[\"a\",\"b\"]}")]
    [InlineData("{\"NS\":[\"1\",\"2\"]}")]
    [InlineData("{\"BS\":[\"AQ==\",\"Ag==\"]}")]
    public void ParseAndSerialize_RoundTrips(string json) => Assert.Equal(json, AttributeValueJson.Parse(json).ToString());

    [Fact]
    public void Serialize_Number_IsCanonical() => Assert.Equal("{\"N\":\"150\"}", AttributeValueJson.Parse("{\"N\":\"1.5E2\"}").ToString());

    // Messages common to both layers.
    [Theory]
    [InlineData("{}", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")]
    [InlineData("{\"a\":\"\"}", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")]
    [InlineData("{\"M\":{\"a\":{}}}", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")]
    [InlineData("{\"L\":[{}]}", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")]
    [InlineData("{\"S\":\"a\",\"N\":\"1\"}", "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")]
    [InlineData("{\"S\":\"a\",\"N\":\"b\"}", "The parameter cannot be converted to a numeric value: b")]
    [InlineData("{\"NULL\":false}", "One or more parameter values were invalid: Null attribute value types must have the value of true")]
    [InlineData("{\"SS\":[]}", "One or more parameter values were invalid: An string set  may not be empty")]
    [InlineData("{\"NS\":[]}", "One or more parameter values were invalid: An number set  may not be empty")]
    [InlineData("{\"BS\":[]}", "One or more parameter values were invalid: Binary sets should not be empty")]
    [InlineData("{\"N\":\"1e126\"}", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    public void Parse_InvalidValue_HasDynamoDbMessage(string json, string message)
    {
        Assert.Equal(message, Assert.Throws<DynamoDbValidationException>(() => AttributeValueJson.Parse(json)).Message);
        Assert.Equal(message, Assert.Throws<DynamoDbValidationException>(() => AttributeValueJson.Parse(json, ValidationLayer.Older)).Message);
    }

    // Captured per layer (paritysuite/dynamodb-conformance, four regions, October 2026).
    [Theory]
    [InlineData("{\"SS\":[\"b\",\"a\",\"b\"]}", "One or more parameter values were invalid: Input collection [\"a\", \"b\", \"b\"] contains duplicates.", "One or more parameter values were invalid: Input collection [b, a, b] contains duplicates.")]
    [InlineData("{\"BS\":[\"/w==\",\"AA==\",\"AA==\"]}", "One or more parameter values were invalid: Input collection [\"AA==\",\"/w==\",\"AA==\"]of type BS contains duplicates.", "One or more parameter values were invalid: Input collection [/w==, AA==, AA==]of type BS contains duplicates.")]
    [InlineData("{\"NS\":[\"2\",\"1\",\"2\"]}", "One or more parameter values were invalid: Input collection contains duplicates.", "Input collection contains duplicates")]
    [InlineData("{\"N\":\"\"}", "The parameter cannot be converted to a numeric value: ", "The parameter cannot be converted to a numeric value")]
    [InlineData("{\"NS\":[\"1\",\"\"]}", "The parameter cannot be converted to a numeric value: ", "The parameter cannot be converted to a numeric value")]
    [InlineData("{\"N\":\"1e2147483647\"}", "Number overflow. Attempting to store a number with magnitude larger than supported range", "Number underflow. Attempting to store a number with magnitude smaller than supported range")]
    [InlineData("{\"N\":\"abc\"}", "The parameter cannot be converted to a numeric value: abc", "The parameter cannot be converted to a numeric value: abc")]
    public void Parse_InvalidValue_WordingDependsOnLayer(string json, string current, string older)
    {
        Assert.Equal(current, Assert.Throws<DynamoDbValidationException>(() => AttributeValueJson.Parse(json)).Message);
        Assert.Equal(older, Assert.Throws<DynamoDbValidationException>(() => AttributeValueJson.Parse(json, ValidationLayer.Older)).Message);
    }

    [Fact]
    public void Parse_NumberAsJsonNumber_IsSerializationError() =>
        Assert.Throws<JsonException>(() => AttributeValueJson.Parse("{\"N\":123}"));

    [Fact]
    public void ReadExpressionAttributeValues_InvalidValue_IsWrappedInTheOlderLayerOnly()
    {
        const string Json = "{\":ok\":{\"S\":\"x\"},\":v\":{\"N\":\"abc\"}}";
        Assert.Equal("The parameter cannot be converted to a numeric value: abc", Assert.Throws<DynamoDbValidationException>(() => ReadValues(Json)).Message);
        Assert.Equal(
            "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value: abc for key :v",
            Assert.Throws<DynamoDbValidationException>(() => ReadValues(Json, ValidationLayer.Older)).Message);
    }

    [Theory]
    [InlineData(31, true)]
    [InlineData(32, false)]
    public void Parse_Nesting_AllowsThirtyOneWraps(int wraps, bool accepted)
    {
        var json = string.Concat(Enumerable.Repeat("{\"M\":{\"x\":", wraps)) + "{\"N\":\"1\"}" + new string('}', wraps * 2);
        var item = "{\"a\":" + json + "}";
        if (accepted)
        {
            Assert.Single(AttributeValueJson.ParseItem(item));
            return;
        }

        const string Message = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";
        Assert.Equal(Message, Assert.Throws<DynamoDbValidationException>(() => AttributeValueJson.ParseItem(item)).Message);
        Assert.Equal(Message, Assert.Throws<DynamoDbValidationException>(() => ReadValues("{\":v\":" + json + "}")).Message);
    }

    [Fact]
    public void FromSS_Duplicates_Throws() =>
        Assert.Throws<DynamoDbValidationException>(() => AttributeValue.FromSS(["a", "a"]));

    [Fact]
    public void Equals_SetsIgnoreOrderAndNumbersCompareByValue()
    {
        Assert.Equal(AttributeValue.FromNS([DynamoNumber.Parse("1"), DynamoNumber.Parse("2")]), AttributeValue.FromNS([DynamoNumber.Parse("2.0"), DynamoNumber.Parse("1")]));
        Assert.NotEqual(AttributeValue.FromS("1"), AttributeValue.FromN("1"));
        Assert.NotEqual(AttributeValue.FromL([AttributeValue.FromS("a"), AttributeValue.FromS("b")]), AttributeValue.FromL([AttributeValue.FromS("b"), AttributeValue.FromS("a")]));
    }

    [Fact]
    public void Accessor_WrongType_Throws() => Assert.Throws<InvalidOperationException>(() => AttributeValue.FromS("x").N);

    private static Dictionary<string, AttributeValue> ReadValues(string json, ValidationLayer layer = ValidationLayer.Current)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json), AttributeValueJson.ReaderOptions);
        reader.Read();
        return AttributeValueJson.ReadExpressionAttributeValues(ref reader, layer);
    }
}
