using System.Text.Json.Nodes;

namespace SamTransform.Tests;

public sealed class TemplateReaderTests
{
    private static JsonNode? Value(string yaml) => TemplateReader.Parse("Value: " + yaml)["Value"];

    [Theory]
    [InlineData("!Ref MyQueue", """{"Ref":"MyQueue"}""")]
    [InlineData("!Condition IsProd", """{"Condition":"IsProd"}""")]
    [InlineData("!GetAtt MyQueue.Arn", """{"Fn::GetAtt":["MyQueue","Arn"]}""")]
    [InlineData("!GetAtt MyStack.Outputs.Url", """{"Fn::GetAtt":["MyStack","Outputs.Url"]}""")]
    [InlineData("!GetAtt [MyQueue, Arn]", """{"Fn::GetAtt":["MyQueue","Arn"]}""")]
    [InlineData("!Sub 'arn:${AWS::Partition}:s3:::${Bucket}'", """{"Fn::Sub":"arn:${AWS::Partition}:s3:::${Bucket}"}""")]
    [InlineData("!Sub ['${A}-x', {A: !Ref B}]", """{"Fn::Sub":["${A}-x",{"A":{"Ref":"B"}}]}""")]
    [InlineData("!If [IsProd, !Ref A, !Ref AWS::NoValue]", """{"Fn::If":["IsProd",{"Ref":"A"},{"Ref":"AWS::NoValue"}]}""")]
    [InlineData("!Join ['', [a, !Ref B]]", """{"Fn::Join":["",["a",{"Ref":"B"}]]}""")]
    [InlineData("!Select [0, !GetAZs '']", """{"Fn::Select":[0,{"Fn::GetAZs":""}]}""")]
    [InlineData("!ImportValue shared-bus-arn", """{"Fn::ImportValue":"shared-bus-arn"}""")]
    public void ShortIntrinsicTag_BecomesLongForm(string yaml, string expected)
    {
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), Value(yaml)!.ToJsonString());
    }

    [Theory]
    [InlineData("10", "10")]
    [InlineData("-3", "-3")]
    [InlineData("0777", "511")]
    [InlineData("0x1F", "31")]
    [InlineData("1_000", "1000")]
    [InlineData("1.5", "1.5")]
    [InlineData("true", "true")]
    [InlineData("yes", "true")]
    [InlineData("Off", "false")]
    [InlineData("~", "null")]
    [InlineData("null", "null")]
    [InlineData("012345678901", "\"012345678901\"")]
    [InlineData("'10'", "\"10\"")]
    [InlineData("\"true\"", "\"true\"")]
    [InlineData("2012-10-17", "\"2012-10-17\"")]
    [InlineData("!!str 10", "\"10\"")]
    [InlineData("python3.12", "\"python3.12\"")]
    public void PlainScalar_ResolvesAsYaml11(string yaml, string expectedJson)
    {
        Assert.Equal(expectedJson, Value(yaml)?.ToJsonString() ?? "null");
    }

    [Fact]
    public void AnchorsAndMergeKeys_AreExpanded()
    {
        var template = TemplateReader.Parse("""
            Base: &base
              Runtime: python3.12
              Timeout: 3
            Function:
              <<: *base
              Timeout: 10
            Copy: *base
            """);
        Assert.Equal("""{"Runtime":"python3.12","Timeout":10}""", SamJsonComparer.Canonical(template["Function"]));
        Assert.Equal("""{"Runtime":"python3.12","Timeout":3}""", SamJsonComparer.Canonical(template["Copy"]));
    }

    [Fact]
    public void JsonText_IsParsedAsJson()
    {
        var template = TemplateReader.Parse("""{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": 5}}}}""");
        Assert.Equal(5, template["Resources"]!["Q"]!["Properties"]!["DelaySeconds"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"A": 1, "A": 2}""")]
    [InlineData("A: 1\nA: 2\n")]
    public void RepeatedKey_KeepsTheLastValue(string text)
    {
        Assert.Equal("""{"A":2}""", TemplateReader.Parse(text).ToJsonString());
    }

    [Theory]
    [InlineData("Resources: [unclosed")]
    [InlineData("- a list\n- at the top")]
    [InlineData("just text")]
    public void NotATemplate_IsRejected(string text)
    {
        Assert.Throws<TemplateParseException>(() => TemplateReader.Parse(text));
    }
}
