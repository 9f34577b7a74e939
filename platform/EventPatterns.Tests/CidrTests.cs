namespace EventPatterns.Tests;

/// <summary>
/// The <c>cidr</c> operator and plain IP-address values. Single-field outcomes were checked against event-ruler's own
/// <c>CIDR</c>, <c>Range</c> and <c>ByteMachine</c> classes (commit 337e8d99) run on the same values; the <c>$or</c>
/// outcomes follow from how <c>GenericMachine.addStep</c> shares value machines between combinations.
/// </summary>
public sealed class CidrTests
{
    private static bool Matches(string conditions, string value) =>
        EventPattern.Matches($$"""{"a":[{{conditions}}]}""", $$"""{"a":{{value}}}""");

    [Theory]
    [InlineData("10.1.2.3/16", "10.1.0.0", true)]
    [InlineData("10.1.2.3/16", "10.1.2.2", true)]
    [InlineData("10.1.2.3/16", "10.1.255.255", true)]
    [InlineData("10.1.2.3/16", "10.0.255.255", false)]
    [InlineData("10.1.2.3/16", "10.2.0.0", false)]
    [InlineData("1.2.3.4/0", "0.0.0.0", true)]
    [InlineData("1.2.3.4/0", "255.255.255.255", true)]
    [InlineData("255.255.255.255/1", "128.0.0.0", true)]
    [InlineData("255.255.255.255/1", "127.255.255.255", false)]
    [InlineData("10.0.0.255/31", "10.0.0.254", true)]
    [InlineData("10.0.0.255/31", "10.0.0.253", false)]
    [InlineData("10.0.0.7/29", "10.0.0.0", true)]
    [InlineData("10.0.0.7/29", "10.0.0.8", false)]
    public void Ipv4HostBits_AreMaskedOff(string cidr, string address, bool expected) =>
        Assert.Equal(expected, Matches($$"""{"cidr":"{{cidr}}"}""", $"\"{address}\""));

    [Theory]
    [InlineData("2001:db8::1/32", "2001:db8::", true)]
    [InlineData("2001:db8::1/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8::1/32", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("2001:db8::1/32", "2001:db9::", false)]
    [InlineData("2001:db8::ffff/64", "2001:db8::", true)]
    [InlineData("2001:db8::ffff/64", "2001:db8::ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8::ffff/64", "2001:db8:0:1::", false)]
    [InlineData("::ffff:ffff/127", "::ffff:fffe", true)]
    [InlineData("::ffff:ffff/127", "::ffff:fffd", false)]
    [InlineData("2001:db8::1/0", "::", true)]
    [InlineData("2001:db8::1/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    public void Ipv6HostBits_AreMaskedOff(string cidr, string address, bool expected) =>
        Assert.Equal(expected, Matches($$"""{"cidr":"{{cidr}}"}""", $"\"{address}\""));

    [Theory]
    [InlineData("2001:db8::1/0", "10.0.0.1", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", true)]
    [InlineData("a00::/8", "10.0.0.1", true)]
    [InlineData("10.0.0.0/8", "a00:1::", true)]
    [InlineData("10.0.0.0/8", "b00:1::", false)]
    public void AddressOfTheOtherFamily_IsComparedAsHexadecimalText(string cidr, string address, bool expected) =>
        Assert.Equal(expected, Matches($$"""{"cidr":"{{cidr}}"}""", $"\"{address}\""));

    [Theory]
    [InlineData("96.0.0.0/3", "65", true)]
    [InlineData("96.0.0.0/3", "6E1", true)]
    [InlineData("96.0.0.0/3", "8", false)]
    [InlineData("16.0.0.0/4", "11", true)]
    [InlineData("16.0.0.0/4", "1", false)]
    [InlineData("16.0.0.0/4", "20", false)]
    [InlineData("16.0.0.0/4", "1E9", true)]
    [InlineData("16.0.0.0/4", "1e9", false)]
    [InlineData("16.0.0.0/4", "1.5", false)]
    [InlineData("16.0.0.0/4", "-11", false)]
    [InlineData("0.0.0.0/0", "1", true)]
    [InlineData("0.0.0.0/0", "1.5", true)]
    [InlineData("0.0.0.0/0", "-1", false)]
    public void Number_IsComparedByItsJsonText(string cidr, string number, bool expected) =>
        Assert.Equal(expected, Matches($$"""{"cidr":"{{cidr}}"}""", number));

    [Theory]
    [InlineData("\"11\"")]
    [InlineData("\"0A000001\"")]
    [InlineData("\"not-an-ip\"")]
    [InlineData("\"10.0.0.01\"")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("null")]
    public void StringThatIsNoAddress_OrLiteral_NeverMatches(string value)
    {
        Assert.False(Matches("""{"cidr":"0.0.0.0/0"}""", value));
        Assert.False(Matches("""{"cidr":"16.0.0.0/4"}""", value));
    }

    [Theory]
    [InlineData("""{"numeric":["<",5]}""", "11", false)]
    [InlineData("""{"numeric":["<",5]}""", "1E400", true)]
    [InlineData("""{"numeric":["<",5]}""", "11111111111111111111", true)]
    [InlineData("""{"numeric":["<",5]}""", "\"16.0.0.1\"", true)]
    [InlineData("""{"numeric":["=",7]}""", "11", false)]
    [InlineData("7", "11", false)]
    [InlineData("9007199254740993", "11", true)]
    [InlineData("\"x\"", "11", true)]
    [InlineData("""{"anything-but":[11]}""", "11", false)]
    [InlineData("""{"anything-but":"x"}""", "11", true)]
    [InlineData("""{"exists":true}""", "11", true)]
    public void NumericConditionOnTheSameField_TakesNumbersAwayFromCidr(string other, string value, bool expected)
    {
        Assert.Equal(expected, Matches($$"""{"cidr":"16.0.0.0/4"},{{other}}""", value));
        Assert.Equal(expected, Matches($$"""{{other}},{"cidr":"16.0.0.0/4"}""", value));
    }

    [Theory]
    [InlineData("32.1.2.3", "20010203", true)]
    [InlineData("32.1.2.3", "2001020399", true)]
    [InlineData("32.1.2.3", "2001020", false)]
    [InlineData("32.1.2.3", "20010204", false)]
    [InlineData("32.1.2.9", "20010209", true)]
    public void PlainAddressValue_IsARangeNumbersCanReach(string address, string number, bool expected)
    {
        Assert.Equal(expected, Matches($"\"{address}\"", number));
        Assert.False(Matches($"\"{address}\",1", number));
    }

    [Theory]
    [InlineData("""{"$or":[{"a":[{"cidr":"16.0.0.0/4"}]},{"a":[{"numeric":[">",100]}]}]}""", """{"a":11}""", false)]
    [InlineData("""{"$or":[{"a":[{"cidr":"16.0.0.0/4"}]},{"a":[{"numeric":[">",100]}]}]}""", """{"a":"16.0.0.1"}""", true)]
    [InlineData("""{"$or":[{"a":[{"cidr":"16.0.0.0/4"}]},{"a":[{"numeric":[">",100]}]}]}""", """{"a":101}""", true)]
    [InlineData("""{"$or":[{"a":[{"cidr":"16.0.0.0/4"}],"b":["x"]},{"a":[{"numeric":[">",100]}]}]}""", """{"a":11,"b":"x"}""", false)]
    [InlineData("""{"a":["y"],"$or":[{"c":[{"cidr":"16.0.0.0/4"}]},{"c":[{"numeric":[">",100]}]}]}""", """{"a":"y","c":11}""", false)]
    [InlineData("""{"$or":[{"a":["y"],"c":[{"cidr":"16.0.0.0/4"}]},{"a":["y"],"c":[{"numeric":[">",100]}]}]}""", """{"a":"y","c":11}""", false)]
    [InlineData("""{"$or":[{"a":["y"],"c":[{"cidr":"16.0.0.0/4"}]},{"a":["z"],"c":[{"numeric":[">",100]}]}]}""", """{"a":"y","c":11}""", true)]
    [InlineData("""{"$or":[{"a":["x"],"c":[{"cidr":"16.0.0.0/4"}]},{"b":["y"],"c":[{"numeric":[">",100]}]}]}""", """{"a":"x","c":11}""", true)]
    [InlineData("""{"$or":[{"a":[{"cidr":"16.0.0.0/4"}]},{"b":[{"numeric":[">",100]}]}]}""", """{"a":11}""", true)]
    public void InsideOr_NumericConditionsShareTheFieldOnlyWhereEventRulerSharesIt(string pattern, string evt, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches(pattern, evt));

    [Theory]
    [InlineData("""["x","y"]""", """{"a":"x","c":11}""", true)]
    [InlineData("""["x","y"]""", """{"a":"y","c":11}""", false)]
    [InlineData("""["y","x"]""", """{"a":"x","c":11}""", false)]
    [InlineData("""["y","x"]""", """{"a":"y","c":11}""", false)]
    [InlineData("""["x","y"]""", """{"a":"y","c":"16.0.0.1"}""", true)]
    public void InsideOr_AValueListReachingSeveralStates_IsJudgedPerState(string values, string evt, bool expected)
    {
        // Event-ruler adds "x" first when it comes first: a new state without the numeric condition; "y" leads to the
        // state of the earlier combination, which has one. With "y" first, "x" follows "y" into that state.
        var pattern = $$"""{"$or":[{"a":["y"],"c":[{"numeric":[">",100]}]},{"a":{{values}},"c":[{"cidr":"16.0.0.0/4"}]}]}""";
        Assert.Equal(expected, EventPattern.Matches(pattern, evt));
    }

    [Fact]
    public void OtherPatternsInTheMatcher_DoNotChangeAPatternsOutcome()
    {
        var matcher = PatternMatcher.Create(new Dictionary<string, string>
        {
            ["cidr"] = """{"a":[{"cidr":"16.0.0.0/4"}]}""",
            ["numeric"] = """{"a":[{"numeric":[">",100]}]}""",
        });

        Assert.Equal(["cidr"], matcher.Match("""{"a":11}"""u8.ToArray()));
    }
}
