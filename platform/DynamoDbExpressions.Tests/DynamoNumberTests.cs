namespace DynamoDbExpressions.Tests;

public sealed class DynamoNumberTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("007", "7")]
    [InlineData("001.23", "1.23")]
    [InlineData("+3", "3")]
    [InlineData("1.10", "1.1")]
    [InlineData("100.000", "100")]
    [InlineData("0.0", "0")]
    [InlineData("-0.0", "0")]
    [InlineData("1E+3", "1000")]
    [InlineData("-3e2", "-300")]
    [InlineData("1.23e4", "12300")]
    [InlineData("123e-2", "1.23")]
    [InlineData("1.0e-1", "0.1")]
    [InlineData("0e5", "0")]
    [InlineData(".5", "0.5")]
    [InlineData("-.5", "-0.5")]
    [InlineData("1.", "1")]
    [InlineData("1e-20", "0.00000000000000000001")]
    [InlineData("9.9e10", "99000000000")]
    [InlineData("-273.15", "-273.15")]
    public void Parse_ValidText_HasCanonicalForm(string text, string canonical) =>
        Assert.Equal(canonical, DynamoNumber.Parse(text).ToString());

    [Fact]
    public void Parse_LargestMagnitude_IsPlainDecimal() =>
        Assert.Equal("1" + new string('0', 125), DynamoNumber.Parse("1e125").ToString());

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("dog")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1e")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    public void Parse_NotANumber_IsRejectedWithTheText(string text)
    {
        var error = Assert.Throws<DynamoDbValidationException>(() => DynamoNumber.Parse(text));
        Assert.Equal("The parameter cannot be converted to a numeric value: " + text, error.Message);
    }

    [Fact]
    public void Parse_Empty_KeepsTheColonInTheCurrentLayerOnly()
    {
        Assert.Equal("The parameter cannot be converted to a numeric value: ", Assert.Throws<DynamoDbValidationException>(() => DynamoNumber.Parse("")).Message);
        Assert.Equal("The parameter cannot be converted to a numeric value", Assert.Throws<DynamoDbValidationException>(() => DynamoNumber.Parse("", ValidationLayer.Older)).Message);
    }

    [Theory]
    [InlineData("1e126", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    [InlineData("-1E+126", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    [InlineData("1e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range")]
    [InlineData("1e99999999999", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    [InlineData("1e-99999999999", "Number underflow. Attempting to store a number with magnitude smaller than supported range")]
    [InlineData("1e2147483648", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    [InlineData("1e9223372036854775807", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    [InlineData("1e9223372036854775808", "The parameter cannot be converted to a numeric value: 1e9223372036854775808")]
    [InlineData("0e126", "Number overflow. Attempting to store a number with magnitude larger than supported range")]
    [InlineData("0e-131", "Number underflow. Attempting to store a number with magnitude smaller than supported range")]
    [InlineData("123456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number")]
    [InlineData("-1.23456789012345678901234567890123456789", "Attempting to store more than 38 significant digits in a Number")]
    public void Parse_OutOfRange_IsRejected(string text, string message) =>
        Assert.Equal(message, Assert.Throws<DynamoDbValidationException>(() => DynamoNumber.Parse(text)).Message);

    [Theory]
    [InlineData("9.9999999999999999999999999999999999999e125")]
    [InlineData("1e-130")]
    [InlineData("-1E-130")]
    [InlineData("0.1e126")]
    [InlineData("99999999999999999999999999999999999999")]
    [InlineData("1000000000000000000000000000000000000000000000")]
    [InlineData("0e125")]
    [InlineData("0.0e126")]
    [InlineData("0e-130")]
    public void Parse_AtTheLimits_IsAccepted(string text) => Assert.True(DynamoNumber.TryParse(text, out _, out _));

    [Theory]
    [InlineData("1", "1.0", 0)]
    [InlineData("2", "10", -1)]
    [InlineData("-2", "-10", 1)]
    [InlineData("-1", "0", -1)]
    [InlineData("0.001", "0.0011", -1)]
    [InlineData("12345678901234567890123456789012345678", "12345678901234567890123456789012345679", -1)]
    [InlineData("1e-130", "0", 1)]
    [InlineData("9e125", "1e125", 1)]
    public void CompareTo_OrdersByValue(string left, string right, int sign) =>
        Assert.Equal(sign, Math.Sign(DynamoNumber.Parse(left).CompareTo(DynamoNumber.Parse(right))));

    [Fact]
    public void Equals_SameValueDifferentText_IsEqualWithSameHash()
    {
        var a = DynamoNumber.Parse("2.00");
        var b = DynamoNumber.Parse("2e0");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Theory]
    [InlineData("0.1", "0.2", "0.3")]
    [InlineData("1", "10000000000000000000000", "10000000000000000000001")]
    [InlineData("-5", "5", "0")]
    [InlineData("99999999999999999999999999999999999999", "1", "100000000000000000000000000000000000000")]
    public void Add_IsExact(string left, string right, string sum) =>
        Assert.Equal(sum, DynamoNumber.Parse(left).Add(DynamoNumber.Parse(right)).ToString());

    [Fact]
    public void Add_SmallestMagnitudes_IsExact() =>
        Assert.Equal(DynamoNumber.Parse("2e-130"), DynamoNumber.Parse("1e-130").Add(DynamoNumber.Parse("1E-130")));

    [Fact]
    public void Subtract_IsExact() =>
        Assert.Equal("9999999999999999999999", DynamoNumber.Parse("10000000000000000000000").Subtract(DynamoNumber.Parse("1")).ToString());

    [Theory]
    [InlineData("9e125", "9e125")]
    [InlineData("1e50", "1")]
    public void Add_ResultNotStorable_IsOverflow(string left, string right) =>
        Assert.Equal(
            "Number overflow. Attempting to store a number with magnitude larger than supported range",
            Assert.Throws<DynamoDbValidationException>(() => DynamoNumber.Parse(left).Add(DynamoNumber.Parse(right))).Message);

    [Fact]
    public void FromInt64_MatchesParse() => Assert.Equal(DynamoNumber.Parse("-1200"), DynamoNumber.FromInt64(-1200));
}
