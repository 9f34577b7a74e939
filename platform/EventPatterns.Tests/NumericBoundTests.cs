namespace EventPatterns.Tests;

/// <summary>
/// Numeric literals that do or do not survive event-ruler's round trip through a double (<c>BigDecimal.valueOf(d)</c>
/// against the parsed literal). Every literal here was checked with Java's <c>BigDecimal</c> and <c>Double.toString</c>.
/// </summary>
public sealed class NumericBoundTests
{
    [Theory]
    [InlineData("5e-324")]
    [InlineData("-5e-324")]
    [InlineData("4.9406564584124654E-324")]
    [InlineData("2.2250738585072011E-308")]
    [InlineData("1.7976931348623158e308")]
    [InlineData("0.10000000000000001")]
    [InlineData("0.1000000000000000055511151231257827")]
    [InlineData("0.3000000000000000444")]
    [InlineData("1234567890123456.7")]
    [InlineData("9007199254740993")]
    [InlineData("1e-400")]
    public void InexactBound_IsRejectedNamingThePath(string literal)
    {
        foreach (var (numeric, path) in new[]
        {
            ($"[\"<\", {literal}]", "$.a[0].numeric[1]"),
            ($"[\"=\", {literal}]", "$.a[0].numeric[1]"),
            ($"[\">\", -1e308, \"<=\", {literal}]", "$.a[0].numeric[3]"),
        })
        {
            var e = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Validate($$"""{"a":[{"numeric":{{numeric}}}]}"""));
            Assert.Equal(path, e.JsonPath);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("4.9e-324")]
    [InlineData("4.9E-324")]
    [InlineData("-4.9e-324")]
    [InlineData("1.5e-323")]
    [InlineData("2.0e-323")]
    [InlineData("2.2250738585072014E-308")]
    [InlineData("2.225073858507201E-308")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("0.1")]
    [InlineData("0.30000000000000004")]
    [InlineData("123456789012345.6")]
    [InlineData("9007199254740992")]
    [InlineData("1e22")]
    [InlineData("1e-300")]
    public void ExactBound_IsAccepted(string literal)
    {
        EventPattern.Validate($$"""{"a":[{"numeric":["<", {{literal}}]}]}""");
        EventPattern.Validate($$"""{"a":[{"numeric":["=", {{literal}}]}]}""");
        EventPattern.Validate($$"""{"a":[{"anything-but":[{{literal}}]}]}""");
    }

    [Theory]
    [InlineData("4.9e-324", true)]
    [InlineData("5e-324", false)]
    [InlineData("1.7976931348623157e308", true)]
    [InlineData("1.7976931348623158e308", false)]
    [InlineData("0.10000000000000001", false)]
    public void EventNumber_IsNumericOnlyWhenExact(string value, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches("""{"a":[{"numeric":[">", -1]}]}""", $$"""{"a":{{value}}}"""));

    [Fact]
    public void InexactLiteralInAValueList_StillMatchesTheSameText()
    {
        Assert.True(EventPattern.Matches("""{"a":[5e-324]}""", """{"a":5e-324}"""));
        Assert.False(EventPattern.Matches("""{"a":[5e-324]}""", """{"a":4.9e-324}"""));
        Assert.True(EventPattern.Matches("""{"a":[4.9e-324]}""", """{"a":4.9E-324}"""));
    }
}
