namespace EventPatterns.Tests;

public sealed class ConformanceTests
{
    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in ConformanceCorpus.All.Keys)
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Case_MatchesLabel(string id)
    {
        var c = ConformanceCorpus.All[id];
        switch (c.Expected)
        {
            case Expectation.Invalid:
                Assert.False(EventPattern.TryValidate(c.Pattern, out _), $"{id}: pattern should be rejected: {c.Pattern}");
                Assert.Throws<InvalidEventPatternException>(() => EventPattern.Matches(c.Pattern, c.Event));
                break;
            default:
                Assert.True(EventPattern.TryValidate(c.Pattern, out var error), $"{id}: pattern should be accepted but was rejected: {error}");
                Assert.Equal(c.Expected == Expectation.Match, EventPattern.Matches(c.Pattern, c.Event));
                var matcher = new PatternMatcher();
                matcher.Add(id, c.Pattern);
                Assert.Equal(c.Expected == Expectation.Match, matcher.Match(System.Text.Encoding.UTF8.GetBytes(c.Event)).Count == 1);
                break;
        }
    }
}
