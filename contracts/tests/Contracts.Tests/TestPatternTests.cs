using System.Text;
using System.Text.Json.Nodes;

namespace Contracts.Tests;

public sealed class TestPatternTests
{
    private const string OrderEvents = """{"source":["com.example.orders"],"detail-type":[{"wildcard":"order.*.v1"}]}""";

    [Fact]
    public async Task Examples_ListWhichContractExamplesMatch()
    {
        var result = await CliRunner.RunAsync("test-pattern", "--pattern", OrderEvents, "--examples");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("match     order.placed.v1/valid-two-lines", result.Out, StringComparison.Ordinal);
        Assert.Contains("no match  payment.deadline-reached.v1/valid-deadline", result.Out, StringComparison.Ordinal);
        Assert.Contains("no match  notification.sent.v1/valid-order-placed-email", result.Out, StringComparison.Ordinal);
        Assert.Contains("5 of 8 event(s) match", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContentFilterOnDetail_MatchesByValue()
    {
        var pattern = """{"detail":{"data":{"total":{"amount":[{"numeric":[">",50]}]}}}}""";

        var result = await CliRunner.RunAsync("test-pattern", "--pattern", pattern, "--examples", "--output", "json");

        Assert.Equal(0, result.ExitCode);
        var doc = JsonNode.Parse(result.Out)!;
        var matched = doc["results"]!.AsArray().Where(r => (bool?)r!["match"] == true).Select(r => (string)r!["event"]!).ToList();
        Assert.Equal(["order.placed.v1/valid-two-lines"], matched);
    }

    [Fact]
    public async Task EventFromStdin_NoMatch_ExitsOne()
    {
        var evt = (await CliRunner.RunAsync("example", "notification.sent.v1")).Out;

        var result = await CliRunner.RunWithInputAsync(evt, "test-pattern", "--pattern", OrderEvents);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("0 of 1 event(s) match", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatternFileAndEventFile_Match()
    {
        var dir = Directory.CreateTempSubdirectory("contract-pattern-");
        try
        {
            var patternFile = Path.Combine(dir.FullName, "pattern.json");
            var eventFile = Path.Combine(dir.FullName, "event.json");
            await File.WriteAllTextAsync(patternFile, OrderEvents);
            await File.WriteAllTextAsync(eventFile, (await CliRunner.RunAsync("example", "order.paid.v1")).Out);

            var result = await CliRunner.RunAsync("test-pattern", "--pattern-file", patternFile, "--event", eventFile);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("match     [0] order.paid.v1", result.Out, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task InvalidPattern_ExplainsWhy()
    {
        var result = await CliRunner.RunAsync("test-pattern", "--pattern", """{"detail":{"state":[{"prefix":5}]}}""", "--examples", "--output", "json");

        Assert.Equal(1, result.ExitCode);
        var doc = JsonNode.Parse(result.Out)!;
        Assert.False((bool)doc["valid"]!);
        Assert.StartsWith("$.detail.state", (string)doc["path"]!, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)doc["error"]));
    }

    [Fact]
    public async Task MissingPattern_IsBadUsage()
    {
        var result = await CliRunner.RunAsync("test-pattern", "--examples");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--pattern", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLines_AnswersEveryLineInOrder()
    {
        var evt = JsonNode.Parse((await CliRunner.RunAsync("example", "order.placed.v1")).Out)!.ToJsonString();
        var input = string.Join('\n',
            $$"""{"id":"a","pattern":{{OrderEvents}},"event":{{evt}}}""",
            $$"""{"id":2,"pattern":{"source":["com.example.notifications"]},"event":{{evt}}}""",
            $$"""{"id":"c","pattern":{"source":"not-an-array"},"event":{{evt}}}""",
            "not json",
            $$"""{"id":"e","pattern":"{\"detail-type\":[\"order.placed.v1\"]}","event":{{System.Text.Json.JsonSerializer.Serialize(evt)}}}""",
            """{"id":"f","pattern":{"source":["x"]}}""",
            $$"""{"id":"g","pattern":{"source":["x"]},"event":"{not json"}""");

        var result = await CliRunner.RunWithInputAsync(input, "test-pattern", "--jsonl");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.TrimEnd().Split('\n').Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(7, lines.Count);
        Assert.Equal("""{"id":"a","match":true}""", lines[0].ToJsonString());
        Assert.Equal("""{"id":2,"match":false}""", lines[1].ToJsonString());
        Assert.StartsWith("Invalid pattern: ", (string)lines[2]["error"]!, StringComparison.Ordinal);
        Assert.Null(lines[3]["id"]);
        Assert.StartsWith("Line is not valid JSON", (string)lines[3]["error"]!, StringComparison.Ordinal);
        Assert.Equal("""{"id":"e","match":true}""", lines[4].ToJsonString());
        Assert.Contains("\"event\"", (string)lines[5]["error"]!, StringComparison.Ordinal);
        Assert.StartsWith("Invalid event", (string)lines[6]["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonLines_ThousandsOfLines_AllAnswered()
    {
        var evt = JsonNode.Parse((await CliRunner.RunAsync("example", "order.placed.v1")).Out)!.ToJsonString();
        var patterns = new[] { OrderEvents, """{"source":["com.example.notifications"]}""", """{"detail":{"data":{"lines":{"quantity":[{"numeric":[">=",2]}]}}}}""" };
        var input = new StringBuilder();
        const int Count = 5000;
        for (var i = 0; i < Count; i++)
        {
            input.Append("{\"id\":").Append(i).Append(",\"pattern\":").Append(patterns[i % 3]).Append(",\"event\":").Append(evt).Append("}\n");
        }

        var result = await CliRunner.RunWithInputAsync(input.ToString(), "test-pattern", "--jsonl");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.TrimEnd().Split('\n');
        Assert.Equal(Count, lines.Length);
        for (var i = 0; i < Count; i++)
        {
            var expected = i % 3 != 1;
            Assert.Equal($"{{\"id\":{i},\"match\":{(expected ? "true" : "false")}}}", lines[i]);
        }
    }
}
