using System.Text;

namespace EventPatterns.Tests;

public sealed class PatternMatcherTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Match_ReturnsEachMatchingNameOnce()
    {
        var matcher = PatternMatcher.Create(new Dictionary<string, string>
        {
            ["both"] = """{"$or":[{"a":["x"]},{"b":["y"]}]}""",
            ["a"] = """{"a":["x"]}""",
            ["none"] = """{"a":["z"]}""",
        });
        var names = matcher.Match(Utf8("""{"a":"x","b":"y"}"""));
        Assert.Equal(["a", "both"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Add_WithSameName_ReplacesPattern()
    {
        var matcher = new PatternMatcher();
        matcher.Add("p", """{"a":["x"]}""");
        matcher.Add("p", """{"a":["y"]}""");
        Assert.Equal(1, matcher.Count);
        Assert.Empty(matcher.Match(Utf8("""{"a":"x"}""")));
        Assert.Single(matcher.Match(Utf8("""{"a":"y"}""")));
    }

    [Fact]
    public void Remove_StopsMatching()
    {
        var matcher = new PatternMatcher();
        matcher.Add("p", """{"a":["x"]}""");
        Assert.Single(matcher.Match(Utf8("""{"a":"x"}""")));
        Assert.True(matcher.Remove("p"));
        Assert.False(matcher.Remove("p"));
        Assert.Empty(matcher.Match(Utf8("""{"a":"x"}""")));
    }

    [Fact]
    public void Add_InvalidPattern_ThrowsAndLeavesSetUnchanged()
    {
        var matcher = new PatternMatcher();
        matcher.Add("p", """{"a":["x"]}""");
        Assert.Throws<InvalidEventPatternException>(() => matcher.Add("q", """{"a":[]}"""));
        Assert.Equal(1, matcher.Count);
    }

    [Fact]
    public void MatchIntoList_ClearsAndFills()
    {
        var matcher = new PatternMatcher();
        matcher.Add("p", """{"a":["x"]}""");
        var list = new List<string> { "stale" };
        matcher.Match(Utf8("""{"a":"x"}"""), list);
        Assert.Equal(["p"], list);
        matcher.Match(Utf8("""{"a":"y"}"""), list);
        Assert.Empty(list);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("\"x\"")]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":1} {}")]
    [InlineData("")]
    public void Match_MalformedEvent_Throws(string evt)
    {
        var matcher = new PatternMatcher();
        matcher.Add("p", """{"a":["x"]}""");
        Assert.Throws<MalformedEventException>(() => matcher.Match(Utf8(evt)));
    }

    [Fact]
    public void Match_InvalidUtf8Event_Throws()
    {
        var matcher = new PatternMatcher();
        matcher.Add("p", """{"a":["x"]}""");
        byte[] evt = [.. "{\"b\":\""u8, 0xFF, .. "\"}"u8];
        Assert.Throws<MalformedEventException>(() => matcher.Match(evt));
    }

    [Fact]
    public void Match_DeeplyNestedEvent_ThrowsMalformed()
    {
        var matcher = new PatternMatcher();
        matcher.Add("p", """{"a":["x"]}""");
        var evt = string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000);
        Assert.Throws<MalformedEventException>(() => matcher.Match(Utf8(evt)));
    }

    [Fact]
    public void Match_EventAsDeepAsEventBridgeAllows_IsMatched()
    {
        var matcher = new PatternMatcher();
        matcher.Add("p", """{"a":["x"]}""");
        var deepObjects = "{\"a\":\"x\",\"b\":" + string.Concat(Enumerable.Repeat("{\"b\":", 1000)) + "1" + new string('}', 1001);
        var deepArrays = "{\"a\":" + new string('[', 1000) + "\"x\"" + new string(']', 1000) + "}";

        Assert.Equal(["p"], matcher.Match(Utf8(deepObjects)));
        Assert.Equal(["p"], matcher.Match(Utf8(deepArrays)));
    }

    [Fact]
    public void ManyExactPatterns_EachMatchesOnlyItsValue()
    {
        var matcher = PatternMatcher.Create(Enumerable.Range(0, 10_000)
            .Select(i => new KeyValuePair<string, string>($"p{i}", $$"""{"id":["v{{i}}"]}""")));
        Assert.Equal(["p1234"], matcher.Match(Utf8("""{"id":"v1234"}""")));
        Assert.Empty(matcher.Match(Utf8("""{"id":"v10000"}""")));
    }

    [Fact]
    public async Task ConcurrentMatch_WhileAddingAndRemoving_IsSafe()
    {
        var matcher = new PatternMatcher();
        matcher.Add("stable", """{"a":["x"]}""");
        var evt = Utf8("""{"a":"x","b":"y"}""");
        using var stop = new CancellationTokenSource();
        var failures = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var list = new List<string>();
            while (!stop.IsCancellationRequested)
            {
                matcher.Match(evt, list);
                if (!list.Contains("stable"))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();

        for (var i = 0; i < 2000; i++)
        {
            matcher.Add($"p{i}", $$"""{"b":["y{{i % 7}}"]}""");
            if (i % 3 == 0)
            {
                matcher.Remove($"p{i / 2}");
            }
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(0, failures);
    }

    [Fact]
    public void AddingManyPatternsOneByOne_IsNotQuadratic()
    {
        var matcher = new PatternMatcher();
        for (var i = 0; i < 100_000; i++)
        {
            matcher.Add($"p{i}", $$"""{"id":["v{{i}}"]}""");
        }

        Assert.Equal(100_000, matcher.Count);
        Assert.Equal(["p99999"], matcher.Match(Utf8("""{"id":"v99999"}""")));
    }
}
