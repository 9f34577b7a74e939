using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Targets;

namespace LocalCloud.Core.Tests.Targets;

public sealed class TargetInputTests
{
    private const string Event = """
        {"version":"0","id":"e-1","detail-type":"OrderPlaced","source":"orders","account":"000000000000","time":"2026-01-01T10:00:00Z","region":"us-east-1","resources":["arn:a"],"detail":{"orderId":"o-1","total":12.5,"lines":[{"sku":"x"}],"note":"say \"hi\"","flag":true}}
        """;

    private static string Render(TargetInputSpec target)
    {
        using var document = JsonDocument.Parse(Event);
        var context = new TransformContext(document.RootElement, Event.Trim(), "arn:aws:events:us-east-1:000000000000:rule/r", "r", new DateTimeOffset(2026, 1, 1, 10, 0, 1, TimeSpan.Zero));
        return TargetInput.Render(target, context);
    }

    private static TargetInputSpec Transformer(string template, Dictionary<string, string>? paths = null) =>
        new(Transformer: new InputTransformer(paths, template));

    private static void Validate(TargetInputSpec target) => TargetInput.Validate(target, "t1", 1);

    [Fact]
    public void NoInputOptions_SendsWholeEvent() =>
        Assert.Equal(Event.Trim(), Render(TargetInputSpec.WholeEvent));

    [Fact]
    public void ConstantInput_IsSentVerbatim() =>
        Assert.Equal("{\"a\": 1}", Render(new TargetInputSpec(Input: "{\"a\": 1}")));

    [Fact]
    public void InputPath_SelectsMinifiedValue() =>
        Assert.Equal("[{\"sku\":\"x\"}]", Render(new TargetInputSpec(InputPath: "$.detail.lines")));

    [Fact]
    public void JsonTemplate_UnquotedPlaceholdersInsertJsonValues()
    {
        var output = Render(Transformer(
            """{ "id" : <id>, "order" : <detail>, "total": <total>, "flag": <flag> }""",
            new() { ["id"] = "$.id", ["detail"] = "$.detail", ["total"] = "$.detail.total", ["flag"] = "$.detail.flag" }));
        Assert.Equal("""{"id":"e-1","order":{"orderId":"o-1","total":12.5,"lines":[{"sku":"x"}],"note":"say \"hi\"","flag":true},"total":12.5,"flag":true}""", output);
    }

    [Fact]
    public void JsonTemplate_QuotedPlaceholdersInsertRawText()
    {
        var output = Render(Transformer("""{"message": "Order <order> costs <total>"}""", new() { ["order"] = "$.detail.orderId", ["total"] = "$.detail.total" }));
        Assert.Equal("""{"message":"Order o-1 costs 12.5"}""", output);
    }

    [Fact]
    public void QuotedPlaceholder_IsNotEscaped_SoQuotesBreakTheJson()
    {
        var output = Render(Transformer("""{"note": "<note>"}""", new() { ["note"] = "$.detail.note" }));
        Assert.Equal("""{"note": "say "hi""}""", output);
    }

    [Fact]
    public void StringTemplate_YieldsJsonString()
    {
        var output = Render(Transformer("\"Order <order> from <source>\"", new() { ["order"] = "$.detail.orderId", ["source"] = "$.source" }));
        Assert.Equal("\"Order o-1 from orders\"", output);
    }

    [Fact]
    public void MissingPath_RendersEmptyStringInJsonTemplate()
    {
        var output = Render(Transformer("""{"a": <missing>, "b": "<missing>"}""", new() { ["missing"] = "$.detail.nope" }));
        Assert.Equal("""{"a":"","b":""}""", output);
    }

    [Fact]
    public void ReservedVariables_AreAvailable()
    {
        var output = Render(Transformer("""{"rule": "<aws.events.rule-name>", "arn": <aws.events.rule-arn>, "at": "<aws.events.event.ingestion-time>", "full": <aws.events.event.json>, "meta": <aws.events.event>}"""));
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal("r", root.GetProperty("rule").GetString());
        Assert.Equal("arn:aws:events:us-east-1:000000000000:rule/r", root.GetProperty("arn").GetString());
        Assert.Equal("2026-01-01T10:00:01Z", root.GetProperty("at").GetString());
        Assert.Equal("o-1", root.GetProperty("full").GetProperty("detail").GetProperty("orderId").GetString());
        Assert.False(root.GetProperty("meta").TryGetProperty("detail", out _));
        Assert.Equal("e-1", root.GetProperty("meta").GetProperty("id").GetString());
    }

    [Fact]
    public void UndefinedPlaceholder_IsRejectedWithAwsMessage()
    {
        var error = Assert.Throws<ServiceException>(() => Validate(Transformer("""{"a": <nope>}""", new() { ["x"] = "$.id" })));
        Assert.Equal("ValidationException", error.Code);
        Assert.Equal("InputTemplate for target t1 contains invalid placeholder nope.", error.Message);
    }

    [Fact]
    public void MoreThanOneInputOption_IsRejected()
    {
        var target = Transformer("\"x\"") with { Input = "{}" };
        var error = Assert.Throws<ServiceException>(() => Validate(target));
        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public void MoreThan100Paths_IsRejected()
    {
        var paths = Enumerable.Range(0, 101).ToDictionary(i => "k" + i, _ => "$.id");
        var error = Assert.Throws<ServiceException>(() => Validate(Transformer("\"x\"", paths)));
        Assert.Contains("less than or equal to 100", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$.detail[0]")]
    [InlineData("detail.id")]
    [InlineData("$..id")]
    [InlineData("$.")]
    public void NonDotNotationPath_IsRejected(string path)
    {
        var error = Assert.Throws<ServiceException>(() => Validate(Transformer("<a>", new() { ["a"] = path })));
        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public void ReservedPrefixKey_IsRejected() =>
        Assert.Throws<ServiceException>(() => Validate(Transformer("<AWS.x>", new() { ["AWS.x"] = "$.id" })));

    [Fact]
    public void PlaceholderAsObjectKey_IsRejected() =>
        Assert.Throws<ServiceException>(() => Validate(Transformer("""{<k>: 1}""", new() { ["k"] = "$.id" })));

    [Fact]
    public void TemplateLongerThan8192_IsRejected() =>
        Assert.Throws<ServiceException>(() => Validate(Transformer("\"" + new string('x', 8192) + "\"")));
}
