using Amazon.SQS.Model;
using LocalCloud.Testing;

namespace LocalCloud.Sqs.Tests;

public sealed class SqsQueueTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}";

    [Fact]
    public async Task CreateQueue_ReturnsLoopbackUrlAndGetQueueUrlFindsIt()
    {
        using var sqs = fixture.CreateSqsClient();
        var name = NewName("create");

        var created = await sqs.CreateQueueAsync(name);
        var found = await sqs.GetQueueUrlAsync(name);

        Assert.Equal($"http://127.0.0.1:{fixture.Endpoint.Port}/000000000000/{name}", created.QueueUrl);
        Assert.Equal(created.QueueUrl, found.QueueUrl);
    }

    [Fact]
    public async Task CreateQueue_SameAttributes_IsIdempotent_DifferentAttributes_IsQueueNameExists()
    {
        using var sqs = fixture.CreateSqsClient();
        var name = NewName("idem");
        var attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "45" };

        var first = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes });
        var second = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes });
        var error = await Assert.ThrowsAsync<QueueNameExistsException>(() => sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "46" },
        }));

        Assert.Equal(first.QueueUrl, second.QueueUrl);
        Assert.Contains("VisibilityTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("x/y")]
    public async Task CreateQueue_InvalidName_IsRejected(string name)
    {
        using var sqs = fixture.CreateSqsClient();

        var error = await SqsAssert.InvalidParameterValueAsync(() => sqs.CreateQueueAsync(name));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task CreateQueue_InvalidAttribute_IsInvalidAttributeNameOrValue()
    {
        using var sqs = fixture.CreateSqsClient();

        await Assert.ThrowsAsync<InvalidAttributeNameException>(() => sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = NewName("badattr"),
            Attributes = new Dictionary<string, string> { ["Colour"] = "blue" },
        }));
        await Assert.ThrowsAsync<InvalidAttributeValueException>(() => sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = NewName("badvalue"),
            Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "43201" },
        }));
    }

    [Fact]
    public async Task GetQueueUrl_Unknown_IsQueueDoesNotExistWithQueryCompatibleCode()
    {
        using var sqs = fixture.CreateSqsClient();

        var error = await Assert.ThrowsAsync<QueueDoesNotExistException>(() => sqs.GetQueueUrlAsync("no-such-queue"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("The specified queue does not exist.", error.Message);
    }

    [Fact]
    public async Task ListQueues_FiltersByPrefixAndPages()
    {
        using var sqs = fixture.CreateSqsClient();
        var prefix = "list" + Guid.NewGuid().ToString("N")[..8];
        var names = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var name in names)
        {
            await sqs.CreateQueueAsync(name);
        }

        var urls = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 2, NextToken = token });
            urls.AddRange(page.QueueUrls ?? []);
            token = page.NextToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(names, urls.Select(u => u[(u.LastIndexOf('/') + 1)..]));
        var all = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix });
        Assert.Equal(5, all.QueueUrls.Count);
        Assert.Null(all.NextToken);
    }

    [Fact]
    public async Task ListQueues_BadNextTokenOrMaxResults_IsInvalidParameterValue()
    {
        using var sqs = fixture.CreateSqsClient();
        var prefix = "badtoken" + Guid.NewGuid().ToString("N")[..8];
        await sqs.CreateQueueAsync($"{prefix}-0");
        await sqs.CreateQueueAsync($"{prefix}-1");
        var first = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 1 });

        var garbled = await SqsAssert.InvalidParameterValueAsync(() =>
            sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 1, NextToken = "not-a-token" }));
        var truncated = await SqsAssert.InvalidParameterValueAsync(() =>
            sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 1, NextToken = first.NextToken[..^2] }));
        var withoutMax = await SqsAssert.InvalidParameterValueAsync(() =>
            sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, NextToken = first.NextToken }));
        var tooMany = await SqsAssert.InvalidParameterValueAsync(() =>
            sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix, MaxResults = 1001 }));

        Assert.NotNull(first.NextToken);
        Assert.Equal("Invalid NextToken value.", garbled.Message);
        Assert.Equal("Invalid NextToken value.", truncated.Message);
        Assert.Equal("MaxResults is a mandatory parameter when you provide a value for NextToken.", withoutMax.Message);
        Assert.Equal("Value 1001 for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.", tooMany.Message);
    }

    [Fact]
    public async Task ListDeadLetterSourceQueues_WithMaxResults_PagesInNameOrder()
    {
        using var sqs = fixture.CreateSqsClient();
        var dlqName = NewName("dlqpages");
        var dlqUrl = (await sqs.CreateQueueAsync(dlqName)).QueueUrl;
        var redrive = $"{{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:{dlqName}\",\"maxReceiveCount\":\"2\"}}";
        var prefix = NewName("src");
        var sources = new List<string>();
        foreach (var i in new[] { 2, 0, 1 })
        {
            var url = (await sqs.CreateQueueAsync(new CreateQueueRequest
            {
                QueueName = $"{prefix}-{i}",
                Attributes = new Dictionary<string, string> { ["RedrivePolicy"] = redrive },
            })).QueueUrl;
            sources.Add(url);
        }

        var urls = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = dlqUrl, MaxResults = 2, NextToken = token });
            urls.AddRange(page.QueueUrls ?? []);
            token = page.NextToken;
            pages++;
        }
        while (token is not null);
        var unpaged = await sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = dlqUrl });
        var badToken = await SqsAssert.InvalidParameterValueAsync(() =>
            sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = dlqUrl, MaxResults = 2, NextToken = "q" }));

        Assert.Equal(2, pages);
        Assert.Equal(sources.Order(StringComparer.Ordinal), urls);
        Assert.Equal(3, unpaged.QueueUrls.Count);
        Assert.Null(unpaged.NextToken);
        Assert.Equal("Invalid NextToken value.", badToken.Message);
    }

    [Fact]
    public async Task DeleteQueue_RemovesItAndItsName_IsNotReusableFor60Seconds()
    {
        using var sqs = fixture.CreateSqsClient();
        var name = NewName("delete");
        var url = (await sqs.CreateQueueAsync(name)).QueueUrl;
        await sqs.SendMessageAsync(url, "m");

        await sqs.DeleteQueueAsync(url);

        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => sqs.GetQueueUrlAsync(name));
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => sqs.SendMessageAsync(url, "m"));
        await Assert.ThrowsAsync<QueueDeletedRecentlyException>(() => sqs.CreateQueueAsync(name));
    }

    [Fact]
    public async Task GetQueueAttributes_All_ReturnsDefaultsArnAndCounts()
    {
        using var sqs = fixture.CreateSqsClient();
        var name = NewName("attrs");
        var url = (await sqs.CreateQueueAsync(name)).QueueUrl;
        await sqs.SendMessageAsync(url, "one");
        await sqs.SendMessageAsync(new SendMessageRequest(url, "later") { DelaySeconds = 600 });
        await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 1 });
        await sqs.SendMessageAsync(url, "two");

        var attributes = (await sqs.GetQueueAttributesAsync(url, ["All"])).Attributes;

        Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:{name}", attributes["QueueArn"]);
        Assert.Equal("30", attributes["VisibilityTimeout"]);
        Assert.Equal("345600", attributes["MessageRetentionPeriod"]);
        Assert.Equal("0", attributes["DelaySeconds"]);
        Assert.Equal("0", attributes["ReceiveMessageWaitTimeSeconds"]);
        Assert.Equal("1048576", attributes["MaximumMessageSize"]);
        Assert.Equal("1", attributes["ApproximateNumberOfMessages"]);
        Assert.Equal("1", attributes["ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal("1", attributes["ApproximateNumberOfMessagesDelayed"]);
        Assert.True(long.Parse(attributes["CreatedTimestamp"], System.Globalization.CultureInfo.InvariantCulture) > 1_700_000_000);
        Assert.False(attributes.ContainsKey("RedrivePolicy"));
    }

    [Fact]
    public async Task GetQueueAttributes_NamedOnly_AndUnknownNameIsRejected()
    {
        using var sqs = fixture.CreateSqsClient();
        var url = (await sqs.CreateQueueAsync(NewName("named"))).QueueUrl;

        var attributes = (await sqs.GetQueueAttributesAsync(url, ["VisibilityTimeout", "QueueArn"])).Attributes;

        Assert.Equal(["QueueArn", "VisibilityTimeout"], attributes.Keys.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<InvalidAttributeNameException>(() => sqs.GetQueueAttributesAsync(url, ["Bogus"]));
    }

    [Fact]
    public async Task SetQueueAttributes_UpdatesValuesAndRedrivePolicy()
    {
        using var sqs = fixture.CreateSqsClient();
        var dlqName = NewName("dlq");
        var dlqUrl = (await sqs.CreateQueueAsync(dlqName)).QueueUrl;
        var url = (await sqs.CreateQueueAsync(NewName("set"))).QueueUrl;
        var dlqArn = $"arn:aws:sqs:us-east-1:000000000000:{dlqName}";

        await sqs.SetQueueAttributesAsync(url, new Dictionary<string, string>
        {
            ["VisibilityTimeout"] = "5",
            ["DelaySeconds"] = "2",
            ["ReceiveMessageWaitTimeSeconds"] = "1",
            ["MessageRetentionPeriod"] = "120",
            ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"3\"}}",
        });
        var attributes = (await sqs.GetQueueAttributesAsync(url, ["All"])).Attributes;
        var sources = await sqs.ListDeadLetterSourceQueuesAsync(new ListDeadLetterSourceQueuesRequest { QueueUrl = dlqUrl });

        Assert.Equal("5", attributes["VisibilityTimeout"]);
        Assert.Equal("2", attributes["DelaySeconds"]);
        Assert.Equal("1", attributes["ReceiveMessageWaitTimeSeconds"]);
        Assert.Equal("120", attributes["MessageRetentionPeriod"]);
        Assert.Equal($"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":3}}", attributes["RedrivePolicy"]);
        Assert.Equal([url], sources.QueueUrls);
    }

    [Fact]
    public async Task SetQueueAttributes_RedriveToMissingQueue_IsInvalidParameterValue()
    {
        using var sqs = fixture.CreateSqsClient();
        var url = (await sqs.CreateQueueAsync(NewName("redrivebad"))).QueueUrl;

        await SqsAssert.InvalidParameterValueAsync(() => sqs.SetQueueAttributesAsync(url, new Dictionary<string, string>
        {
            ["RedrivePolicy"] = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:nope\",\"maxReceiveCount\":3}",
        }));
    }

    [Fact]
    public async Task PurgeQueue_RemovesMessages_AndSecondPurgeWithin60sIsInProgress()
    {
        using var sqs = fixture.CreateSqsClient();
        var url = (await sqs.CreateQueueAsync(NewName("purge"))).QueueUrl;
        await sqs.SendMessageAsync(url, "a");
        await sqs.SendMessageAsync(url, "b");

        await sqs.PurgeQueueAsync(url);

        var attributes = (await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages"])).Attributes;
        Assert.Equal("0", attributes["ApproximateNumberOfMessages"]);
        var error = await Assert.ThrowsAsync<PurgeQueueInProgressException>(() => sqs.PurgeQueueAsync(url));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Tags_CanBeAddedListedAndRemoved()
    {
        using var sqs = fixture.CreateSqsClient();
        var url = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = NewName("tags"), Tags = new Dictionary<string, string> { ["team"] = "ops" } })).QueueUrl;

        await sqs.TagQueueAsync(new TagQueueRequest { QueueUrl = url, Tags = new Dictionary<string, string> { ["env"] = "dev" } });
        await sqs.UntagQueueAsync(new UntagQueueRequest { QueueUrl = url, TagKeys = ["team"] });
        var tags = await sqs.ListQueueTagsAsync(new ListQueueTagsRequest { QueueUrl = url });

        Assert.Equal(new Dictionary<string, string> { ["env"] = "dev" }, tags.Tags);
    }

    [Fact]
    public async Task FifoQueue_IsRejectedAsUnsupported()
    {
        using var sqs = fixture.CreateSqsClient();

        await Assert.ThrowsAsync<UnsupportedOperationException>(() => sqs.CreateQueueAsync("orders.fifo"));
    }
}
