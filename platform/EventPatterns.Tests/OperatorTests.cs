namespace EventPatterns.Tests;

public sealed class OperatorTests
{
    [Theory]
    [InlineData("""{"a":["x"]}""", """{"a":"x"}""", true)]
    [InlineData("""{"a":["x"]}""", """{"a":"X"}""", false)]
    [InlineData("""{"a":["x","y"]}""", """{"a":"y"}""", true)]
    [InlineData("""{"a":["5"]}""", """{"a":5}""", false)]
    [InlineData("""{"a":["caf\u00e9"]}""", """{"a":"café"}""", true)]
    public void ExactString_MatchesEqualStringsOnly(string pattern, string evt, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches(pattern, evt));

    [Theory]
    [InlineData("""{"a":[5]}""", """{"a":5.0}""", true)]
    [InlineData("""{"a":[5]}""", """{"a":50E-1}""", true)]
    [InlineData("""{"a":[0]}""", """{"a":-0}""", true)]
    [InlineData("""{"a":[5]}""", """{"a":"5"}""", false)]
    [InlineData("""{"a":[9007199254740993]}""", """{"a":9007199254740993}""", true)]
    [InlineData("""{"a":[9007199254740993]}""", """{"a":9007199254740992}""", false)]
    [InlineData("""{"a":[9007199254740992]}""", """{"a":9007199254740993}""", false)]
    public void ExactNumber_ComparesByValueWhenExactlyRepresentable(string pattern, string evt, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches(pattern, evt));

    [Theory]
    [InlineData("""{"a":[true]}""", """{"a":true}""", true)]
    [InlineData("""{"a":[true]}""", """{"a":"true"}""", false)]
    [InlineData("""{"a":[null]}""", """{"a":null}""", true)]
    [InlineData("""{"a":[null]}""", """{"b":1}""", false)]
    [InlineData("""{"a":["null"]}""", """{"a":null}""", false)]
    public void Literals_MatchTheirJsonKindOnly(string pattern, string evt, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches(pattern, evt));

    [Theory]
    [InlineData("""{"a":[{"prefix":"ab"}]}""", """{"a":"abc"}""", true)]
    [InlineData("""{"a":[{"prefix":"ab"}]}""", """{"a":"xabc"}""", false)]
    [InlineData("""{"a":[{"prefix":""}]}""", """{"a":""}""", true)]
    [InlineData("""{"a":[{"prefix":"t"}]}""", """{"a":true}""", false)]
    [InlineData("""{"a":[{"prefix":{"equals-ignore-case":"AB"}}]}""", """{"a":"abc"}""", true)]
    public void Prefix_MatchesStringsStartingWithIt(string pattern, string evt, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches(pattern, evt));

    [Theory]
    [InlineData("""{"a":[{"suffix":"bc"}]}""", """{"a":"abc"}""", true)]
    [InlineData("""{"a":[{"suffix":"bc"}]}""", """{"a":"abcd"}""", false)]
    [InlineData("""{"a":[{"suffix":{"equals-ignore-case":"BC"}}]}""", """{"a":"aBc"}""", true)]
    [InlineData("""{"a":[{"suffix":"5"}]}""", """{"a":5}""", false)]
    public void Suffix_MatchesStringsEndingWithIt(string pattern, string evt, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches(pattern, evt));

    [Theory]
    [InlineData("Hello", "hELLO", true)]
    [InlineData("hello", "hello!", false)]
    [InlineData("ß", "SS", true)]
    [InlineData("SS", "ß", false)]
    [InlineData("ſ", "S", true)]
    [InlineData("S", "ſ", false)]
    [InlineData("😀", "😀", false)]
    public void EqualsIgnoreCase_FoldsEachUnitWithInvariantCasing(string patternValue, string eventValue, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches(
            $$"""{"a":[{"equals-ignore-case":"{{patternValue}}"}]}""", $$"""{"a":"{{eventValue}}"}"""));

    [Theory]
    [InlineData("*", "", true)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    [InlineData("a*c", "abbbc", true)]
    [InlineData("a*c", "abbbcd", false)]
    [InlineData("*b*", "abc", true)]
    [InlineData("a*b*a", "aba", true)]
    [InlineData("a*b*a", "ab", false)]
    [InlineData(@"a\\*b", "a*b", true)]
    [InlineData(@"a\\*b", "axb", false)]
    [InlineData(@"a\\\\b", @"a\\b", true)]
    public void Wildcard_StarMatchesAnyRun(string wildcard, string value, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches(
            $$"""{"a":[{"wildcard":"{{wildcard}}"}]}""", $$"""{"a":"{{value}}"}"""));

    [Theory]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":"y"}""", true)]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":"x"}""", false)]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"b":"y"}""", false)]
    [InlineData("""{"a":[{"anything-but":"x"}]}""", """{"a":5}""", true)]
    [InlineData("""{"a":[{"anything-but":["x","y"]}]}""", """{"a":["x","z"]}""", true)]
    [InlineData("""{"a":[{"anything-but":["x","y"]}]}""", """{"a":["x","y"]}""", false)]
    [InlineData("""{"a":[{"anything-but":[1,2]}]}""", """{"a":2.0}""", false)]
    [InlineData("""{"a":[{"anything-but":[1,2]}]}""", """{"a":3}""", true)]
    [InlineData("""{"a":[{"anything-but":{"prefix":"ab"}}]}""", """{"a":"abc"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"prefix":["ab","x"]}}]}""", """{"a":"zz"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"suffix":"bc"}}]}""", """{"a":"abc"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"equals-ignore-case":["ABC"]}}]}""", """{"a":"abc"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"wildcard":"a*"}}]}""", """{"a":"abc"}""", false)]
    [InlineData("""{"a":[{"anything-but":{"wildcard":"a*"}}]}""", """{"a":"bc"}""", true)]
    [InlineData("""{"a":[{"anything-but":"10.0.0.1"}]}""", """{"a":"10.0.0.01"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"prefix":[]}}]}""", """{"a":"x"}""", true)]
    [InlineData("""{"a":[{"anything-but":{"wildcard":[]}}]}""", """{"b":"x"}""", false)]
    public void AnythingBut_MatchesPresentValuesNotExcluded(string pattern, string evt, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches(pattern, evt));

    [Theory]
    [InlineData("[\">\", 0]", "1", true)]
    [InlineData("[\">\", 0]", "0", false)]
    [InlineData("[\">=\", 0]", "0", true)]
    [InlineData("[\"<\", 10]", "9.99", true)]
    [InlineData("[\"<=\", 10]", "1e1", true)]
    [InlineData("[\"=\", 5]", "5.0", true)]
    [InlineData("[\">\", 0, \"<=\", 5]", "5", true)]
    [InlineData("[\">\", 0, \"<\", 5]", "5", false)]
    [InlineData("[\">\", 0]", "\"5\"", false)]
    [InlineData("[\"=\", 9007199254740992]", "9007199254740993", false)]
    [InlineData("[\">\", 1e300]", "1e308", true)]
    [InlineData("[\"<\", 1]", "1e-400", false)]
    [InlineData("[\"=\", 0]", "0e400", true)]
    [InlineData("[\">\", 0]", "0.1", true)]
    [InlineData("[\"<\", 0]", "-1.0000000000000001", false)]
    public void Numeric_ComparesNumbersByValue(string range, string value, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches($$"""{"a":[{"numeric":{{range}}}]}""", $$"""{"a":{{value}}}"""));

    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.255", true)]
    [InlineData("10.0.0.0/24", "10.0.1.0", false)]
    [InlineData("2001:db8::/32", "2001:DB8:0:0:0:0:0:1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("10.0.0.0/8", "not-an-ip", false)]
    [InlineData("10.0.0.5/24", "10.0.0.255", true)]
    [InlineData("10.0.0.5/24", "10.0.0.4", true)]
    [InlineData("::ffff:a00:0/24", "10.0.0.7", true)]
    public void Cidr_MatchesAddressesInRange(string cidr, string address, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches($$"""{"a":[{"cidr":"{{cidr}}"}]}""", $$"""{"a":"{{address}}"}"""));

    [Theory]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0.0/8/")]
    public void CidrMaskSpelling_FollowsEventRuler(string cidr) =>
        Assert.True(EventPattern.Matches($$"""{"a":[{"cidr":"{{cidr}}"}]}""", """{"a":"10.1.2.3"}"""));

    [Fact]
    public void Ipv4WithLeadingZeros_IsNotAnAddress()
    {
        Assert.False(EventPattern.Matches("""{"a":["10.0.0.1"]}""", """{"a":"10.0.0.01"}"""));
        Assert.True(EventPattern.Matches("""{"a":["10.0.0.01"]}""", """{"a":"10.0.0.01"}"""));
    }

    [Fact]
    public void PlainIpAddressValue_MatchesEquivalentSpelling() =>
        Assert.True(EventPattern.Matches("""{"a":["2001:db8::1"]}""", """{"a":"2001:DB8:0:0:0:0:0:1"}"""));

    [Theory]
    [InlineData("""{"a":null}""", true)]
    [InlineData("""{"a":""}""", true)]
    [InlineData("""{"a":[1]}""", true)]
    [InlineData("""{"a":[]}""", false)]
    [InlineData("""{"a":{}}""", false)]
    [InlineData("""{"a":{"b":1}}""", false)]
    [InlineData("""{"b":1}""", false)]
    public void ExistsTrue_MatchesLeafValuesOnly(string evt, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches("""{"a":[{"exists":true}]}""", evt));

    [Theory]
    [InlineData("""{"b":1}""", true)]
    [InlineData("""{"a":[]}""", true)]
    [InlineData("""{"a":{}}""", true)]
    [InlineData("""{"a":{"b":1}}""", true)]
    [InlineData("""{"a":null}""", false)]
    public void ExistsFalse_MatchesWhenNoLeafValueIsPresent(string evt, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches("""{"a":[{"exists":false}]}""", evt));

    [Theory]
    [InlineData("""{"a":"x"}""", true)]
    [InlineData("""{"b":"y"}""", true)]
    [InlineData("""{"a":"z","b":"z"}""", false)]
    public void Or_MatchesWhenAnyBranchMatches(string evt, bool expected) =>
        Assert.Equal(expected, EventPattern.Matches("""{"$or":[{"a":["x"]},{"b":["y"]}]}""", evt));

    [Fact]
    public void NestedOr_CombinesWithSiblingFields()
    {
        const string pattern = """{"s":["1"],"$or":[{"a":["x"]},{"$or":[{"b":["y"]},{"c":["z"]}]}]}""";
        Assert.True(EventPattern.Matches(pattern, """{"s":"1","c":"z"}"""));
        Assert.False(EventPattern.Matches(pattern, """{"s":"2","c":"z"}"""));
    }

    [Theory]
    [InlineData("""{"a":{"b":["x"]}}""")]
    [InlineData("""{"a.b":["x"]}""")]
    public void DottedPatternKey_IsTheSamePathAsNesting(string pattern)
    {
        Assert.True(EventPattern.Matches(pattern, """{"a":{"b":"x"}}"""));
        Assert.True(EventPattern.Matches(pattern, """{"a.b":"x"}"""));
    }

    [Fact]
    public void Arrays_AreTransparentAndFlattened() =>
        Assert.True(EventPattern.Matches("""{"a":[3]}""", """{"a":[[1,2],[3,[4]]]}"""));

    [Fact]
    public void Arrays_FieldsFromDifferentElementsDoNotCombine()
    {
        const string evt = """{"tags":[{"k":"a","v":"1"},{"k":"b","v":"2"}]}""";
        Assert.True(EventPattern.Matches("""{"tags":{"k":["a"],"v":["1"]}}""", evt));
        Assert.False(EventPattern.Matches("""{"tags":{"k":["a"],"v":["2"]}}""", evt));
    }

    [Fact]
    public void ExistsFalse_InArrayElement_ConsidersOnlyThatElement()
    {
        const string evt = """{"objs":[{"k":"v1","n":1},{"k":"v3"}]}""";
        Assert.True(EventPattern.Matches("""{"objs":{"k":["v3"],"n":[{"exists":false}]}}""", evt));
        Assert.False(EventPattern.Matches("""{"objs":{"k":["v1"],"n":[{"exists":false}]}}""", evt));
    }

    [Fact]
    public void ExistsFalse_InArrayElement_IsJudgedAgainstFieldsBeforeItInPathOrder()
    {
        const string evt = """{"objs":[{"a":1,"z":1,"k":"v1"},{"k":"v3"}]}""";
        Assert.False(EventPattern.Matches("""{"objs":{"a":[{"exists":false}],"k":["v3"]}}""", evt));
        Assert.True(EventPattern.Matches("""{"objs":{"k":["v3"],"z":[{"exists":false}]}}""", evt));
    }

    [Fact]
    public void DuplicateEventKeys_EveryValueIsSeen() =>
        Assert.True(EventPattern.Matches("""{"a":["2"]}""", """{"a":"1","a":"2"}"""));

    [Fact]
    public void DuplicatePatternPaths_LastWins()
    {
        Assert.True(EventPattern.Matches("""{"a":{"b":["x"]},"a.b":["y"]}""", """{"a":{"b":"y"}}"""));
        Assert.False(EventPattern.Matches("""{"a":{"b":["x"]},"a.b":["y"]}""", """{"a":{"b":"x"}}"""));
    }

    [Fact]
    public void EscapedEventStrings_AreComparedUnescaped() =>
        Assert.True(EventPattern.Matches("""{"a":["\u00e9\"x"]}""", """{"\u0061":"é\"\u0078"}"""));
}
