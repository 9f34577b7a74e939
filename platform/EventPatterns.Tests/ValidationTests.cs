namespace EventPatterns.Tests;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("5")]
    [InlineData("\"x\"")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"a\":\"x\"}")]
    [InlineData("{\"a\":5}")]
    [InlineData("{\"a\":[]}")]
    [InlineData("{\"a\":{}}")]
    [InlineData("{\"a\":[[\"x\"]]}")]
    [InlineData("{\"a\":[{}]}")]
    [InlineData("{\"a\":[{\"prefix\":\"x\",\"suffix\":\"y\"}]}")]
    [InlineData("{\"a\":[{\"Prefix\":\"x\"}]}")]
    [InlineData("not json")]
    [InlineData("{\"a\":[\"x\"]} trailing")]
    public void MalformedShape_IsRejected(string pattern) =>
        Assert.False(EventPattern.TryValidate(pattern, out _));

    [Theory]
    [InlineData("{\"a\":[{\"prefix\":5}]}")]
    [InlineData("{\"a\":[{\"prefix\":[\"x\"]}]}")]
    [InlineData("{\"a\":[{\"prefix\":{\"equals-ignore-case\":1}}]}")]
    [InlineData("{\"a\":[{\"prefix\":{\"suffix\":\"x\"}}]}")]
    [InlineData("{\"a\":[{\"suffix\":null}]}")]
    [InlineData("{\"a\":[{\"equals-ignore-case\":[\"x\"]}]}")]
    [InlineData("{\"a\":[{\"exactly\":5}]}")]
    public void StringOperatorWithNonString_IsRejected(string pattern) =>
        Assert.False(EventPattern.TryValidate(pattern, out _));

    [Theory]
    [InlineData("run**")]
    [InlineData(@"a\\b")]
    [InlineData(@"abc\\")]
    public void InvalidWildcard_IsRejected(string wildcard) =>
        Assert.False(EventPattern.TryValidate($$"""{"a":[{"wildcard":"{{wildcard}}"}]}""", out _));

    [Theory]
    [InlineData("[]")]
    [InlineData("[5]")]
    [InlineData("[\"==\", 5]")]
    [InlineData("[\"=\", 1, 2]")]
    [InlineData("[\">\", 5, \">\", 6]")]
    [InlineData("[\">\", 5, \"<\", 5]")]
    [InlineData("[\"=\", true]")]
    [InlineData("[\"=\", \"5\"]")]
    [InlineData("[\"=\", 1e400]")]
    [InlineData("[\"=\", 12345678901234567890]")]
    [InlineData("[\">\", 1.0000000000000001]")]
    public void InvalidNumeric_IsRejected(string range) =>
        Assert.False(EventPattern.TryValidate($$"""{"a":[{"numeric":{{range}}}]}""", out _));

    [Theory]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("[]")]
    [InlineData("[\"x\", 5]")]
    [InlineData("[true]")]
    [InlineData("[[\"x\"]]")]
    [InlineData("{\"prefix\":\"\"}")]
    [InlineData("{\"prefix\":5}")]
    [InlineData("{\"cidr\":\"10.0.0.0/8\"}")]
    [InlineData("{\"prefix\":{\"equals-ignore-case\":\"a\"}}")]
    [InlineData("[9007199254740993]")]
    public void InvalidAnythingBut_IsRejected(string value) =>
        Assert.False(EventPattern.TryValidate($$"""{"a":[{"anything-but":{{value}}}]}""", out _));

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("1")]
    [InlineData("[true]")]
    public void ExistsWithNonBoolean_IsRejected(string value) =>
        Assert.False(EventPattern.TryValidate($$"""{"a":[{"exists":{{value}}}]}""", out _));

    [Theory]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/32")]
    [InlineData("::/128")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("hostname/8")]
    [InlineData("")]
    public void InvalidCidr_IsRejected(string cidr) =>
        Assert.False(EventPattern.TryValidate($$"""{"a":[{"cidr":"{{cidr}}"}]}""", out _));

    [Theory]
    [InlineData("{\"$or\":[{\"a\":[\"x\"]}]}")]
    [InlineData("{\"$or\":[{\"a\":[\"x\"]},{}]}")]
    [InlineData("{\"$or\":[{\"a\":[\"x\"]},5]}")]
    [InlineData("{\"$or\":[{\"a\":[\"x\"]},{\"numeric\":[1]}]}")]
    [InlineData("{\"$or\":[{\"a\":[\"x\"]},{\"b\":{\"prefix\":[\"x\"]}}]}")]
    [InlineData("{\"$or\":5}")]
    public void InvalidOr_IsRejected(string pattern) =>
        Assert.False(EventPattern.TryValidate(pattern, out _));

    [Fact]
    public void OrWithObjectValue_IsAPlainField() =>
        Assert.True(EventPattern.Matches("""{"$or":{"a":["x"]}}""", """{"$or":{"a":"x"}}"""));

    [Fact]
    public void KeywordFieldNameOutsideOr_IsAnOrdinaryField() =>
        Assert.True(EventPattern.Matches("""{"prefix":["x"]}""", """{"prefix":"x"}"""));

    [Fact]
    public void Error_NamesThePathAndTheProblem()
    {
        var e = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Validate("""{"detail":{"state":[{"prefix":5}]}}"""));
        Assert.Equal("$.detail.state[0].prefix", e.JsonPath);
        Assert.Contains("$.detail.state[0].prefix", e.Message, StringComparison.Ordinal);
        Assert.Contains("must be a string", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepNesting_IsRejectedCleanly()
    {
        var pattern = string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "[1]" + new string('}', 5000);
        Assert.False(EventPattern.TryValidate(pattern, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void HugeNumberLiteral_IsAcceptedAsTextInValueList() =>
        Assert.True(EventPattern.Matches("{\"a\":[1" + new string('0', 500) + "]}", "{\"a\":1" + new string('0', 500) + "}"));

    [Fact]
    public void InvalidUtf8_IsRejected()
    {
        byte[] pattern = [.. "{\"a\":[\""u8, 0xC3, 0x28, .. "\"]}"u8];
        Assert.Throws<InvalidEventPatternException>(() => new PatternMatcher().Add("p", pattern));
    }

    [Fact]
    public void LoneSurrogateEscape_DoesNotThrowUnhandled()
    {
        var ok = EventPattern.TryValidate("""{"a":["\ud800"]}""", out var error);
        if (ok)
        {
            Assert.False(EventPattern.Matches("""{"a":["\ud800"]}""", """{"a":"x"}"""));
        }
        else
        {
            Assert.NotNull(error);
        }
    }

    [Fact]
    public void MoreThan64Fields_IsRejected()
    {
        var pattern = "{" + string.Join(",", Enumerable.Range(0, 65).Select(i => $"\"f{i}\":[\"x\"]")) + "}";
        Assert.False(EventPattern.TryValidate(pattern, out var error));
        Assert.Contains("64", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SixtyFourFields_AllMustMatch()
    {
        var pattern = "{" + string.Join(",", Enumerable.Range(0, 64).Select(i => $"\"f{i}\":[\"x\"]")) + "}";
        var full = "{" + string.Join(",", Enumerable.Range(0, 64).Select(i => $"\"f{i}\":\"x\"")) + "}";
        var missingLast = "{" + string.Join(",", Enumerable.Range(0, 63).Select(i => $"\"f{i}\":\"x\"")) + "}";
        Assert.True(EventPattern.Matches(pattern, full));
        Assert.False(EventPattern.Matches(pattern, missingLast));
    }

    [Fact]
    public void TooManyOrCombinations_IsRejected()
    {
        var or = "{\"$or\":[{\"a\":[\"1\"]},{\"b\":[\"2\"]},{\"c\":[\"3\"]},{\"d\":[\"4\"]}]}";
        var pattern = "{" + string.Join(",", Enumerable.Range(0, 8).Select(i => $"\"f{i}\":{or}")) + "}";
        Assert.False(EventPattern.TryValidate(pattern, out var error));
        Assert.Contains("$or", error, StringComparison.Ordinal);
    }
}
