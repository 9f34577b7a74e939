using System.Text;
using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Core.Tests.Hosting;

public sealed class QueryRequestReaderTests
{
    private static readonly QueryStructure AttributeValue = new(
        new QueryMember("StringValue", QueryShape.String),
        new QueryMember("BinaryValue", QueryShape.Blob),
        new QueryMember("StringListValues", new QueryList(QueryShape.String, "StringListValue", flattened: true)),
        new QueryMember("DataType", QueryShape.String));

    private static readonly QueryStructure Input = new(
        new QueryMember("QueueUrl", QueryShape.String),
        new QueryMember("DelaySeconds", QueryShape.Integer),
        new QueryMember("Enabled", QueryShape.Boolean),
        new QueryMember("Ratio", QueryShape.Double),
        new QueryMember("At", QueryShape.Timestamp),
        new QueryMember("Attributes", new QueryMap(QueryShape.String, QueryShape.String, "Name", "Value", flattened: true), "Attribute"),
        new QueryMember("MessageAttributes", new QueryMap(QueryShape.String, AttributeValue, "Name", "Value", flattened: true), "MessageAttribute"),
        new QueryMember("AttributeNames", new QueryList(QueryShape.String, "AttributeName", flattened: true)),
        new QueryMember("Parameters", new QueryList(new QueryStructure(new QueryMember("ParameterKey", QueryShape.String)))),
        new QueryMember("Tags", new QueryMap(QueryShape.String, QueryShape.String)));

    private static JsonNode Convert(params (string Key, string Value)[] form) =>
        JsonNode.Parse(QueryRequestReader.ToJson(Input, form.Select(p => KeyValuePair.Create(p.Key, p.Value))))!;

    [Fact]
    public void Scalars_AreTypedByTheirShape()
    {
        var json = Convert(("QueueUrl", "http://q"), ("DelaySeconds", "-5"), ("Enabled", "true"), ("Ratio", "0.5"), ("At", "2026-01-02T03:04:05Z"));

        Assert.Equal("http://q", (string?)json["QueueUrl"]);
        Assert.Equal(-5, (int?)json["DelaySeconds"]);
        Assert.True((bool?)json["Enabled"]);
        Assert.Equal(0.5, (double?)json["Ratio"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds(), (double?)json["At"]);
    }

    [Fact]
    public void FlattenedMap_UsesTheLocationNameAndItsKeyAndValueNames()
    {
        var json = Convert(("Attribute.2.Name", "DelaySeconds"), ("Attribute.2.Value", "5"), ("Attribute.1.Name", "VisibilityTimeout"), ("Attribute.1.Value", "40"));

        Assert.Equal("""{"VisibilityTimeout":"40","DelaySeconds":"5"}""", json["Attributes"]!.ToJsonString());
    }

    [Fact]
    public void FlattenedMapOfStructures_WithNestedFlattenedList()
    {
        var json = Convert(
            ("MessageAttribute.1.Name", "color"),
            ("MessageAttribute.1.Value.DataType", "String"),
            ("MessageAttribute.1.Value.StringValue", "blue"),
            ("MessageAttribute.2.Name", "raw"),
            ("MessageAttribute.2.Value.DataType", "Binary"),
            ("MessageAttribute.2.Value.BinaryValue", "AQID"),
            ("MessageAttribute.3.Name", "list"),
            ("MessageAttribute.3.Value.DataType", "String"),
            ("MessageAttribute.3.Value.StringListValue.1", "a"),
            ("MessageAttribute.3.Value.StringListValue.2", "b"));

        Assert.Equal(
            """{"color":{"StringValue":"blue","DataType":"String"},"raw":{"BinaryValue":"AQID","DataType":"Binary"},"list":{"StringListValues":["a","b"],"DataType":"String"}}""",
            json["MessageAttributes"]!.ToJsonString());
    }

    [Fact]
    public void FlattenedList_TakesTheMemberNameAndIndexOrder()
    {
        var json = Convert(("AttributeName.2", "QueueArn"), ("AttributeName.1", "All"), ("AttributeName.10", "Policy"));

        Assert.Equal("""["All","QueueArn","Policy"]""", json["AttributeNames"]!.ToJsonString());
    }

    [Fact]
    public void NonFlattenedListAndMap_UseMemberAndEntry()
    {
        var json = Convert(
            ("Parameters.member.1.ParameterKey", "A"),
            ("Parameters.member.2.ParameterKey", "B"),
            ("Tags.entry.1.key", "k"),
            ("Tags.entry.1.value", "v"));

        Assert.Equal("""[{"ParameterKey":"A"},{"ParameterKey":"B"}]""", json["Parameters"]!.ToJsonString());
        Assert.Equal("""{"k":"v"}""", json["Tags"]!.ToJsonString());
    }

    [Fact]
    public void EmptyList_IsSentAsTheBareName()
    {
        var json = Convert(("AttributeName", ""));

        Assert.Equal("[]", json["AttributeNames"]!.ToJsonString());
    }

    [Fact]
    public void UnknownParametersAndAbsentMembers_AreLeftOut()
    {
        var json = Convert(("Unknown", "x"), ("QueueUrl", "u"));

        Assert.Equal("""{"QueueUrl":"u"}""", json.ToJsonString());
    }

    [Fact]
    public void DefaultMember_FillsOnlyWhenTheFormLacksIt()
    {
        var filled = QueryRequestReader.ToJson(Input, [], KeyValuePair.Create("QueueUrl", "http://path"));
        var kept = QueryRequestReader.ToJson(Input, [KeyValuePair.Create("QueueUrl", "http://form")], KeyValuePair.Create("QueueUrl", "http://path"));

        Assert.Equal("""{"QueueUrl":"http://path"}""", Encoding.UTF8.GetString(filled));
        Assert.Equal("""{"QueueUrl":"http://form"}""", Encoding.UTF8.GetString(kept));
    }

    [Theory]
    [InlineData("Attribute.x.Name", "a", "MalformedQueryString")]
    [InlineData("Attribute.0.Name", "a", "MalformedQueryString")]
    [InlineData("Attribute.-1.Name", "a", "MalformedQueryString")]
    [InlineData("Attribute.99999999999999.Name", "a", "MalformedQueryString")]
    [InlineData("AttributeName.1.5", "a", "MalformedQueryString")]
    [InlineData("Attribute.1.Value", "a", "MissingParameter")]
    [InlineData("DelaySeconds", "ten", "InvalidParameterValue")]
    [InlineData("DelaySeconds", "99999999999", "InvalidParameterValue")]
    [InlineData("Enabled", "yes", "InvalidParameterValue")]
    [InlineData("Ratio", "NaN", "InvalidParameterValue")]
    [InlineData("At", "yesterday", "InvalidParameterValue")]
    [InlineData("AttributeName", "notalist", "MalformedQueryString")]
    [InlineData("QueueUrl.1", "x", "MalformedQueryString")]
    public void MalformedForms_AreSenderErrors(string key, string value, string code)
    {
        var error = Assert.Throws<ServiceException>(() => Convert((key, value)));

        Assert.Equal(code, error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void BadBase64_IsInvalidParameterValue()
    {
        var error = Assert.Throws<ServiceException>(() => Convert(
            ("MessageAttribute.1.Name", "b"), ("MessageAttribute.1.Value.BinaryValue", "not base64!")));

        Assert.Equal("InvalidParameterValue", error.Code);
        Assert.Contains("MessageAttribute.1.Value.BinaryValue", error.Message, StringComparison.Ordinal);
    }
}
