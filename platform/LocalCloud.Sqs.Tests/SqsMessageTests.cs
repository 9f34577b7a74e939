using System.Globalization;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using LocalCloud.Testing;

namespace LocalCloud.Sqs.Tests;

public sealed class SqsMessageTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private async Task<(AmazonSQSClient Sqs, string Url)> NewQueueAsync(Dictionary<string, string>? attributes = null)
    {
        var sqs = fixture.CreateSqsClient();
        var name = "msg-" + Guid.NewGuid().ToString("N");
        var url = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes ?? [] })).QueueUrl;
        return (sqs, url);
    }

    [Fact]
    public async Task Receive_WithVisibilityTimeoutZero_ReturnsEachMessageOnce()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        await sqs.SendMessageBatchAsync(url, [new("a", "a"), new("b", "b"), new("c", "c")]);

        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 10, VisibilityTimeout = 0 });

        Assert.Equal(["a", "b", "c"], received.Messages.Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SendAndReceive_WithAttributes_RoundTripsWithAwsMd5s()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["text"] = new() { DataType = "String", StringValue = "héllo" },
            ["count"] = new() { DataType = "Number", StringValue = "42.5" },
            ["blob"] = new() { DataType = "Binary", BinaryValue = new MemoryStream([1, 2, 3, 255]) },
            ["custom"] = new() { DataType = "String.Custom", StringValue = "x" },
        };

        var sent = await sqs.SendMessageAsync(new SendMessageRequest(url, "body ✓") { MessageAttributes = attributes });
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url)
        {
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        });

        var message = Assert.Single(received.Messages);
        Assert.Equal(sent.MessageId, message.MessageId);
        Assert.Equal("body ✓", message.Body);
        Assert.Equal("3d5a5a0e9fb06cc7d7e2a3a9a0e5ec9a".Length, sent.MD5OfMessageAttributes.Length);
        Assert.Equal(sent.MD5OfMessageBody, message.MD5OfBody);
        Assert.Equal(sent.MD5OfMessageAttributes, message.MD5OfMessageAttributes);
        Assert.Equal("héllo", message.MessageAttributes["text"].StringValue);
        Assert.Equal("42.5", message.MessageAttributes["count"].StringValue);
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, message.MessageAttributes["blob"].BinaryValue.ToArray());
        Assert.Equal("String.Custom", message.MessageAttributes["custom"].DataType);
        Assert.Equal("1", message.Attributes["ApproximateReceiveCount"]);
        Assert.True(long.Parse(message.Attributes["SentTimestamp"], CultureInfo.InvariantCulture) > 1_700_000_000_000);
        Assert.True(message.Attributes.ContainsKey("ApproximateFirstReceiveTimestamp"));
        Assert.True(message.Attributes.ContainsKey("SenderId"));
    }

    [Fact]
    public void Md5OfBody_MatchesKnownAwsValue()
    {
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", LocalCloud.Sqs.SqsMd5.OfBody("hello"));
    }

    [Fact]
    public void Md5OfAttributes_FollowsAwsEncoding()
    {
        var attributes = new Dictionary<string, LocalCloud.Sqs.Model.StoredAttribute>
        {
            ["b"] = new() { DataType = "Binary", BinaryValue = [1] },
            ["a"] = new() { DataType = "String", StringValue = "v" },
        };
        var expected = new List<byte>();
        void Field(byte[] bytes)
        {
            expected.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(bytes.Length)));
            expected.AddRange(bytes);
        }

        Field("a"u8.ToArray());
        Field("String"u8.ToArray());
        expected.Add(1);
        Field("v"u8.ToArray());
        Field("b"u8.ToArray());
        Field("Binary"u8.ToArray());
        expected.Add(2);
        Field([1]);

#pragma warning disable CA5351 // the algorithm under test is MD5
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(expected.ToArray()));
#pragma warning restore CA5351
        Assert.Equal(hex, LocalCloud.Sqs.SqsMd5.OfAttributes(attributes));
    }

    [Fact]
    public async Task Receive_MessageAttributeNames_FiltersByNameAndPrefix()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        await sqs.SendMessageAsync(new SendMessageRequest(url, "b")
        {
            MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                ["order.id"] = new() { DataType = "String", StringValue = "1" },
                ["order.total"] = new() { DataType = "Number", StringValue = "3" },
                ["other"] = new() { DataType = "String", StringValue = "o" },
            },
        });

        var message = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MessageAttributeNames = ["order.*"], VisibilityTimeout = 0 })).Messages);
        var exact = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MessageAttributeNames = ["other"], VisibilityTimeout = 0 })).Messages);
        var none = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { VisibilityTimeout = 0 })).Messages);

        Assert.Equal(["order.id", "order.total"], message.MessageAttributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["other"], exact.MessageAttributes.Keys);
        Assert.True(none.MessageAttributes is null or { Count: 0 });
        Assert.Null(none.MD5OfMessageAttributes);
    }

    [Fact]
    public async Task Send_InvalidInput_IsRejectedWithAwsCodes()
    {
        var (sqs, url) = await NewQueueAsync(new Dictionary<string, string> { ["MaximumMessageSize"] = "1024" });
        using var _ = sqs;

        await Assert.ThrowsAsync<InvalidMessageContentsException>(() => sqs.SendMessageAsync(url, "bad \u0001 char"));
        await SqsAssert.InvalidParameterValueAsync(() => sqs.SendMessageAsync(url, new string('x', 1025)));
        await SqsAssert.InvalidParameterValueAsync(() => sqs.SendMessageAsync(new SendMessageRequest(url, "x") { DelaySeconds = 901 }));
        await SqsAssert.InvalidParameterValueAsync(() => sqs.SendMessageAsync(new SendMessageRequest(url, "x")
        {
            MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["n"] = new() { DataType = "Number", StringValue = "abc" } },
        }));
        await SqsAssert.InvalidParameterValueAsync(() => sqs.SendMessageAsync(new SendMessageRequest(url, "x")
        {
            MessageAttributes = new Dictionary<string, MessageAttributeValue> { ["n"] = new() { DataType = "Text", StringValue = "abc" } },
        }));
        await SqsAssert.InvalidParameterValueAsync(() => sqs.SendMessageAsync(new SendMessageRequest(url, "x")
        {
            MessageAttributes = Enumerable.Range(0, 11).ToDictionary(i => "a" + i, _ => new MessageAttributeValue { DataType = "String", StringValue = "v" }),
        }));
    }

    [Fact]
    public async Task SendMessageBatch_ReportsPerEntryFailures()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;

        var result = await sqs.SendMessageBatchAsync(url,
        [
            new SendMessageBatchRequestEntry("ok1", "one"),
            new SendMessageBatchRequestEntry("bad", "x") { DelaySeconds = 1000 },
            new SendMessageBatchRequestEntry("ok2", "two") { MessageAttributes = new() { ["k"] = new() { DataType = "String", StringValue = "v" } } },
        ]);

        Assert.Equal(["ok1", "ok2"], result.Successful.Select(s => s.Id).Order(StringComparer.Ordinal));
        var failed = Assert.Single(result.Failed);
        Assert.Equal("bad", failed.Id);
        Assert.True(failed.SenderFault);
        Assert.Equal("InvalidParameterValue", failed.Code);
        Assert.Equal(LocalCloud.Sqs.SqsMd5.OfBody("one"), result.Successful.Single(s => s.Id == "ok1").MD5OfMessageBody);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 10 });
        Assert.Equal(["one", "two"], received.Messages.Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Batch_RequestLevelErrors_UseAwsCodes()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;

        await Assert.ThrowsAsync<TooManyEntriesInBatchRequestException>(() => sqs.SendMessageBatchAsync(url,
            [.. Enumerable.Range(0, 11).Select(i => new SendMessageBatchRequestEntry("e" + i, "b"))]));
        await Assert.ThrowsAsync<BatchEntryIdsNotDistinctException>(() => sqs.SendMessageBatchAsync(url,
            [new SendMessageBatchRequestEntry("same", "a"), new SendMessageBatchRequestEntry("same", "b")]));
        await Assert.ThrowsAsync<InvalidBatchEntryIdException>(() => sqs.SendMessageBatchAsync(url,
            [new SendMessageBatchRequestEntry("bad id!", "a")]));
        await Assert.ThrowsAsync<EmptyBatchRequestException>(() => sqs.DeleteMessageBatchAsync(url, []));
        var big = new string('x', 600_000);
        await Assert.ThrowsAsync<BatchRequestTooLongException>(() => sqs.SendMessageBatchAsync(url,
            [new SendMessageBatchRequestEntry("a", big), new SendMessageBatchRequestEntry("b", big)]));
    }

    [Fact]
    public async Task Receive_MaxNumberOfMessages_IsHonouredAndValidated()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        await sqs.SendMessageBatchAsync(url, [.. Enumerable.Range(0, 10).Select(i => new SendMessageBatchRequestEntry("e" + i, "m" + i))]);
        await sqs.SendMessageBatchAsync(url, [.. Enumerable.Range(0, 5).Select(i => new SendMessageBatchRequestEntry("e" + i, "n" + i))]);

        var first = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 10 });
        var second = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 10 });
        var third = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 10 });

        Assert.Equal(10, first.Messages.Count);
        Assert.Equal(5, second.Messages.Count);
        Assert.True(third.Messages is null or { Count: 0 });
        Assert.Equal(15, first.Messages.Concat(second.Messages).Select(m => m.MessageId).Distinct().Count());
        await SqsAssert.InvalidParameterValueAsync(() => sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 11 }));
        await SqsAssert.InvalidParameterValueAsync(() => sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 21 }));
    }

    [Fact]
    public async Task DeleteMessage_RemovesIt_AndGarbageHandleIsReceiptHandleIsInvalid()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        await sqs.SendMessageAsync(url, "x");
        var message = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { VisibilityTimeout = 0 })).Messages);

        await sqs.DeleteMessageAsync(url, message.ReceiptHandle);

        var counts = (await sqs.GetQueueAttributesAsync(url, ["All"])).Attributes;
        Assert.Equal("0", counts["ApproximateNumberOfMessages"]);
        Assert.Equal("0", counts["ApproximateNumberOfMessagesNotVisible"]);
        var error = await Assert.ThrowsAsync<ReceiptHandleIsInvalidException>(() => sqs.DeleteMessageAsync(url, "garbage"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task DeleteMessageBatch_ReportsPerEntryResults()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        await sqs.SendMessageBatchAsync(url, [new SendMessageBatchRequestEntry("a", "1"), new SendMessageBatchRequestEntry("b", "2")]);
        var messages = (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { MaxNumberOfMessages = 10 })).Messages;

        var result = await sqs.DeleteMessageBatchAsync(url,
        [
            new DeleteMessageBatchRequestEntry("x", messages[0].ReceiptHandle),
            new DeleteMessageBatchRequestEntry("y", messages[1].ReceiptHandle),
            new DeleteMessageBatchRequestEntry("z", "not-a-handle"),
        ]);

        Assert.Equal(["x", "y"], result.Successful.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal("ReceiptHandleIsInvalid", Assert.Single(result.Failed).Code);
        Assert.Equal("0", (await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessagesNotVisible"])).Attributes["ApproximateNumberOfMessagesNotVisible"]);
    }

    [Fact]
    public async Task VisibilityTimeout_HidesThenRedelivers_WithIncreasingReceiveCount()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        await sqs.SendMessageAsync(url, "v");

        var first = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { VisibilityTimeout = 1, MessageSystemAttributeNames = ["ApproximateReceiveCount"] })).Messages);
        var hidden = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url));
        var again = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 5, MessageSystemAttributeNames = ["All"] })).Messages);

        Assert.True(hidden.Messages is null or { Count: 0 });
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.ReceiptHandle, again.ReceiptHandle);
        Assert.Equal("1", first.Attributes["ApproximateReceiveCount"]);
        Assert.Equal("2", again.Attributes["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task ChangeMessageVisibility_ZeroMakesVisible_AndNotInflightIsRejected()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        await sqs.SendMessageAsync(url, "c");
        var message = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { VisibilityTimeout = 300 })).Messages);

        await sqs.ChangeMessageVisibilityAsync(url, message.ReceiptHandle, 0);
        var again = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { VisibilityTimeout = 0 })).Messages);

        await Assert.ThrowsAsync<MessageNotInflightException>(() => sqs.ChangeMessageVisibilityAsync(url, again.ReceiptHandle, 10));
        await SqsAssert.InvalidParameterValueAsync(() => sqs.ChangeMessageVisibilityAsync(url, again.ReceiptHandle, 43201));
    }

    [Fact]
    public async Task ChangeMessageVisibilityBatch_ReportsPerEntryResults()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        await sqs.SendMessageAsync(url, "c");
        var message = Assert.Single((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { VisibilityTimeout = 300 })).Messages);

        var result = await sqs.ChangeMessageVisibilityBatchAsync(url,
        [
            new ChangeMessageVisibilityBatchRequestEntry("ok", message.ReceiptHandle) { VisibilityTimeout = 0 },
            new ChangeMessageVisibilityBatchRequestEntry("bad", "nope") { VisibilityTimeout = 0 },
        ]);

        Assert.Equal("ok", Assert.Single(result.Successful).Id);
        Assert.Equal("bad", Assert.Single(result.Failed).Id);
        Assert.Single((await sqs.ReceiveMessageAsync(url)).Messages);
    }

    [Fact]
    public async Task LongPolling_ReturnsAsSoonAsAMessageArrives()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;

        var receive = sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 20 });
        await Task.Delay(300);
        Assert.False(receive.IsCompleted);
        await sqs.SendMessageAsync(url, "late");
        var completed = await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.Same(receive, completed);
        Assert.Equal("late", Assert.Single((await receive).Messages).Body);
    }

    [Fact]
    public async Task LongPolling_ManyWaiters_OneMessageWakesOneAndEveryMessageIsTakenPromptly()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        var waiters = Enumerable.Range(0, 4)
            .Select(_ => sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 20, VisibilityTimeout = 300 }))
            .ToList();
        await Task.Delay(300);
        Assert.All(waiters, w => Assert.False(w.IsCompleted));

        await sqs.SendMessageAsync(url, "one");
        var first = await Task.WhenAny(waiters).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("one", Assert.Single((await first).Messages).Body);
        waiters.Remove(first);
        await Task.Delay(300);
        Assert.All(waiters, w => Assert.False(w.IsCompleted));

        // Three more messages, sent one at a time: each must reach one of the remaining waiters well before their
        // 20-second wait ends, so no wake-up is lost while receivers come and go.
        for (var i = 0; i < 3; i++)
        {
            await sqs.SendMessageAsync(url, $"m{i}");
        }

        var rest = await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["m0", "m1", "m2"], rest.SelectMany(r => r.Messages).Select(m => m.Body).Order());
    }

    [Fact]
    public async Task LongPolling_FullBatchPassesTheWakeUpOn()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        var waiters = Enumerable.Range(0, 2)
            .Select(_ => sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 20, MaxNumberOfMessages = 10, VisibilityTimeout = 300 }))
            .ToArray();
        await Task.Delay(300);

        await sqs.SendMessageBatchAsync(url, [.. Enumerable.Range(0, 10).Select(i => new SendMessageBatchRequestEntry($"a{i}", $"a{i}"))]);
        await sqs.SendMessageBatchAsync(url, [.. Enumerable.Range(0, 5).Select(i => new SendMessageBatchRequestEntry($"b{i}", $"b{i}"))]);

        var results = await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(15, results.Sum(r => r.Messages.Count));
    }

    [Fact]
    public async Task LongPolling_EmptyQueue_WaitsAndReturnsNothing()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        var started = DateTime.UtcNow;

        var result = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 1 });

        Assert.True(result.Messages is null or { Count: 0 });
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task DelaySeconds_HidesMessageUntilDue()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;

        await sqs.SendMessageAsync(new SendMessageRequest(url, "delayed") { DelaySeconds = 1 });
        var immediate = await sqs.ReceiveMessageAsync(url);
        var delayed = (await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessagesDelayed"])).Attributes;
        var later = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { WaitTimeSeconds = 5 });

        Assert.True(immediate.Messages is null or { Count: 0 });
        Assert.Equal("1", delayed["ApproximateNumberOfMessagesDelayed"]);
        Assert.Equal("delayed", Assert.Single(later.Messages).Body);
    }

    [Fact]
    public async Task RedrivePolicy_MovesMessageToDeadLetterQueueAfterMaxReceiveCount()
    {
        using var sqs = fixture.CreateSqsClient();
        var dlqName = "dlq-" + Guid.NewGuid().ToString("N");
        var dlqUrl = (await sqs.CreateQueueAsync(dlqName)).QueueUrl;
        var url = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "src-" + Guid.NewGuid().ToString("N"),
            Attributes = new Dictionary<string, string>
            {
                ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:{dlqName}\",\"maxReceiveCount\":2}}",
            },
        })).QueueUrl;
        var sent = await sqs.SendMessageAsync(new SendMessageRequest(url, "poison")
        {
            MessageAttributes = new() { ["k"] = new() { DataType = "String", StringValue = "v" } },
        });

        var first = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { VisibilityTimeout = 0 });
        var second = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { VisibilityTimeout = 0 });
        var third = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(url) { VisibilityTimeout = 0 });
        var dead = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest(dlqUrl) { MessageAttributeNames = ["All"] });

        Assert.Single(first.Messages);
        Assert.Single(second.Messages);
        Assert.True(third.Messages is null or { Count: 0 });
        var moved = Assert.Single(dead.Messages);
        Assert.Equal(sent.MessageId, moved.MessageId);
        Assert.Equal("poison", moved.Body);
        Assert.Equal("v", moved.MessageAttributes["k"].StringValue);
    }

    [Fact]
    public async Task SendMessage_ToMissingQueue_IsQueueDoesNotExist()
    {
        using var sqs = fixture.CreateSqsClient();

        await Assert.ThrowsAsync<QueueDoesNotExistException>(() =>
            sqs.SendMessageAsync($"{fixture.Endpoint.ToString().TrimEnd('/')}/000000000000/missing-queue", "x"));
    }

    [Fact]
    public async Task LargeUnicodeBody_RoundTrips()
    {
        var (sqs, url) = await NewQueueAsync();
        using var _ = sqs;
        var body = string.Concat(Enumerable.Repeat("ünïcødé 😀 ", 10_000));

        await sqs.SendMessageAsync(url, body);
        var message = Assert.Single((await sqs.ReceiveMessageAsync(url)).Messages);

        Assert.Equal(body, message.Body);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 100_000);
    }
}
