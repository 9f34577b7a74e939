using System.Text.Json;

namespace LocalCloud.EventBridge.Tests.Archives;

public sealed class ArchiveServiceTests : IAsyncDisposable
{
    private readonly ArchiveHarness _h = new();

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    [Fact]
    public async Task CreateArchive_ReturnsArnStateAndCreationTime()
    {
        var created = await _h.CreateArchiveAsync("orders-archive");

        Assert.Equal("arn:aws:events:us-east-1:000000000000:archive/orders-archive", created.GetProperty("ArchiveArn").GetString());
        Assert.Equal("ENABLED", created.GetProperty("State").GetString());
        Assert.Equal(ArchiveHarness.Start.ToUnixTimeSeconds(), created.GetProperty("CreationTime").GetDouble());
    }

    [Fact]
    public async Task CreateArchive_WithPattern_CreatesManagedRuleThatExcludesReplayedEvents()
    {
        _h.Bus.Buses.Add("orders");

        await _h.CreateArchiveAsync("a1", "orders", """{"source":["com.example.orders"]}""");

        var (pattern, target) = _h.Bus.Rules[("orders", "Events-Archive-a1")];
        using var doc = JsonDocument.Parse(pattern);
        Assert.Equal("com.example.orders", doc.RootElement.GetProperty("source")[0].GetString());
        Assert.False(doc.RootElement.GetProperty("replay-name")[0].GetProperty("exists").GetBoolean());
        Assert.Equal(_h.ArchiveArn("a1"), target);
    }

    [Fact]
    public async Task CreateArchive_WithoutPattern_ManagedRuleMatchesEveryNonReplayedEvent()
    {
        await _h.CreateArchiveAsync("all");

        Assert.Equal("""{"replay-name":[{"exists":false}]}""", _h.Bus.Rules[("default", "Events-Archive-all")].Pattern);
    }

    [Fact]
    public async Task CreateArchive_Twice_IsResourceAlreadyExists()
    {
        await _h.CreateArchiveAsync("dup");

        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.CreateArchiveAsync("dup"));

        Assert.Equal("ResourceAlreadyExistsException", error.Code);
        Assert.Equal("Archive dup already exists.", error.Message);
    }

    [Fact]
    public async Task CreateArchive_OnUnknownBus_IsResourceNotFound()
    {
        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.CreateArchiveAsync("x", "nope"));

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Event bus nope does not exist.", error.Message);
        Assert.Null(_h.Store.GetArchive(_h.ArchiveArn("x")));
    }

    [Theory]
    [InlineData("a-name-that-is-much-too-long-for-an-archive-xxxxx", "Member must have length less than or equal to 48")]
    [InlineData("bad name", "Member must satisfy regular expression pattern")]
    [InlineData("", "Member must have length greater than or equal to 1")]
    public async Task CreateArchive_WithInvalidName_IsValidationException(string name, string constraint)
    {
        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.CreateArchiveAsync(name));

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains($"at 'archiveName' failed to satisfy constraint: {constraint}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateArchive_WithNameOf48Characters_Succeeds()
    {
        var name = new string('a', 48);

        await _h.CreateArchiveAsync(name);

        Assert.True(_h.Bus.Rules.ContainsKey(("default", "Events-Archive-" + name)));
    }

    [Fact]
    public async Task CreateArchive_WithoutEventSourceArn_IsValidationException()
    {
        var error = await _h.ErrorAsync("CreateArchive", """{"ArchiveName":"x"}""");

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains("eventSourceArn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateArchive_WithPatternThatIsNotAnObject_IsInvalidEventPattern()
    {
        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.CreateArchiveAsync("x", pattern: "[1]"));

        Assert.Equal("InvalidEventPatternException", error.Code);
        Assert.StartsWith("Event pattern is not valid. Reason: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateArchive_WithNegativeRetention_IsValidationException()
    {
        var error = await Assert.ThrowsAsync<LocalCloud.Core.Hosting.ServiceException>(() => _h.CreateArchiveAsync("x", retention: -1));

        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public async Task DescribeArchive_ReportsSettingsAndArchivedEventCountAndSize()
    {
        await _h.CreateArchiveAsync("d", pattern: """{"source":["s"]}""", retention: 7);
        await _h.ArchiveEventsAsync("d", ArchiveHarness.Start, ArchiveHarness.Start.AddSeconds(1));

        var described = await _h.CallAsync("DescribeArchive", """{"ArchiveName":"d"}""");

        Assert.Equal("d", described.GetProperty("ArchiveName").GetString());
        Assert.Equal(_h.ArchiveArn("d"), described.GetProperty("ArchiveArn").GetString());
        Assert.Equal(_h.BusArn("default"), described.GetProperty("EventSourceArn").GetString());
        Assert.Equal("""{"source":["s"]}""", described.GetProperty("EventPattern").GetString());
        Assert.Equal(7, described.GetProperty("RetentionDays").GetInt32());
        Assert.Equal("ENABLED", described.GetProperty("State").GetString());
        Assert.Equal(2, described.GetProperty("EventCount").GetInt64());
        var expectedBytes = ArchiveHarness.Event(ArchiveHarness.Start, 0).Length + ArchiveHarness.Event(ArchiveHarness.Start.AddSeconds(1), 1).Length;
        Assert.Equal(expectedBytes, described.GetProperty("SizeBytes").GetInt64());
    }

    [Fact]
    public async Task DescribeArchive_Unknown_IsResourceNotFound()
    {
        var error = await _h.ErrorAsync("DescribeArchive", """{"ArchiveName":"missing"}""");

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Archive missing does not exist.", error.Message);
    }

    [Fact]
    public async Task ListArchives_FiltersByPrefixSourceAndState()
    {
        _h.Bus.Buses.Add("other");
        await _h.CreateArchiveAsync("alpha-1");
        await _h.CreateArchiveAsync("alpha-2", "other");
        await _h.CreateArchiveAsync("beta");

        var byPrefix = await _h.CallAsync("ListArchives", """{"NamePrefix":"alpha"}""");
        var bySource = await _h.CallAsync("ListArchives", $$"""{"EventSourceArn":"{{_h.BusArn("other")}}"}""");
        var byState = await _h.CallAsync("ListArchives", """{"State":"DISABLED"}""");

        Assert.Equal(["alpha-1", "alpha-2"], Names(byPrefix));
        Assert.Equal(["alpha-2"], Names(bySource));
        Assert.Empty(Names(byState));
        var first = byPrefix.GetProperty("Archives")[0];
        Assert.Equal(0, first.GetProperty("EventCount").GetInt64());
        Assert.Equal(0, first.GetProperty("RetentionDays").GetInt32());
        Assert.False(first.TryGetProperty("EventPattern", out _));
    }

    [Fact]
    public async Task ListArchives_PagesWithLimitAndNextToken()
    {
        foreach (var name in new[] { "p1", "p2", "p3" })
        {
            await _h.CreateArchiveAsync(name);
        }

        var page1 = await _h.CallAsync("ListArchives", """{"Limit":2}""");
        var token = page1.GetProperty("NextToken").GetString();
        var page2 = await _h.CallAsync("ListArchives", $$"""{"Limit":2,"NextToken":"{{token}}"}""");

        Assert.Equal(["p1", "p2"], Names(page1));
        Assert.Equal(["p3"], Names(page2));
        Assert.False(page2.TryGetProperty("NextToken", out _));
    }

    [Fact]
    public async Task ListArchives_WithUnknownSourceBus_IsResourceNotFound()
    {
        var error = await _h.ErrorAsync("ListArchives", $$"""{"EventSourceArn":"{{_h.BusArn("ghost")}}"}""");

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Event bus ghost does not exist.", error.Message);
    }

    [Theory]
    [InlineData("""{"Limit":0}""")]
    [InlineData("""{"Limit":101}""")]
    [InlineData("""{"State":"ON"}""")]
    [InlineData("""{"NextToken":"not-a-token"}""")]
    public async Task ListArchives_WithInvalidParameters_IsValidationException(string body)
    {
        var error = await _h.ErrorAsync("ListArchives", body);

        Assert.Equal("ValidationException", error.Code);
    }

    [Fact]
    public async Task UpdateArchive_ChangesDescriptionRetentionAndManagedRulePattern()
    {
        await _h.CreateArchiveAsync("u", pattern: """{"source":["a"]}""");

        var updated = await _h.CallAsync("UpdateArchive", """{"ArchiveName":"u","Description":"new","RetentionDays":3,"EventPattern":"{\"source\":[\"b\"]}"}""");
        var described = await _h.CallAsync("DescribeArchive", """{"ArchiveName":"u"}""");

        Assert.Equal(_h.ArchiveArn("u"), updated.GetProperty("ArchiveArn").GetString());
        Assert.Equal("ENABLED", updated.GetProperty("State").GetString());
        Assert.Equal("new", described.GetProperty("Description").GetString());
        Assert.Equal(3, described.GetProperty("RetentionDays").GetInt32());
        Assert.Equal("""{"source":["b"]}""", described.GetProperty("EventPattern").GetString());
        Assert.Contains("\"b\"", _h.Bus.Rules[("default", "Events-Archive-u")].Pattern, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateArchive_Unknown_IsResourceNotFound()
    {
        var error = await _h.ErrorAsync("UpdateArchive", """{"ArchiveName":"ghost","Description":"x"}""");

        Assert.Equal("ResourceNotFoundException", error.Code);
    }

    [Fact]
    public async Task DeleteArchive_RemovesArchiveManagedRuleAndEvents()
    {
        await _h.CreateArchiveAsync("gone");
        await _h.ArchiveEventsAsync("gone", ArchiveHarness.Start);

        await _h.CallAsync("DeleteArchive", """{"ArchiveName":"gone"}""");

        Assert.False(_h.Bus.Rules.ContainsKey(("default", "Events-Archive-gone")));
        Assert.Equal("ResourceNotFoundException", (await _h.ErrorAsync("DescribeArchive", """{"ArchiveName":"gone"}""")).Code);
        await _h.CreateArchiveAsync("gone");
        Assert.Equal(0, _h.Store.GetArchive(_h.ArchiveArn("gone"))!.EventCount);
        Assert.Null(_h.Store.NextEventTime(_h.ArchiveArn("gone"), 0, long.MaxValue));
    }

    [Fact]
    public async Task DeleteArchive_Unknown_IsResourceNotFound()
    {
        var error = await _h.ErrorAsync("DeleteArchive", """{"ArchiveName":"ghost"}""");

        Assert.Equal("ResourceNotFoundException", error.Code);
        Assert.Equal("Archive ghost does not exist.", error.Message);
    }

    [Fact]
    public async Task Operations_WithMalformedBody_AreSerializationErrors()
    {
        foreach (var operation in _h.Operations.Keys)
        {
            var error = await _h.ErrorAsync(operation, """{"ArchiveName":5,"ReplayName":5,"NamePrefix":5,"Limit":"x"}""");
            Assert.True(error.StatusCode < 500, operation);
        }
    }

    private static List<string> Names(JsonElement list) =>
        [.. list.GetProperty("Archives").EnumerateArray().Select(a => a.GetProperty("ArchiveName").GetString()!)];
}
