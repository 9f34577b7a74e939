using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LocalCloud.Core.Ports;

namespace LocalCloud.Lambda.EventSources;

/// <summary>Writes the event Lambda sends a function for a batch of SQS messages
/// (<c>{"Records":[...]}</c>, https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html), and the record a filter
/// pattern is matched against, whose <c>body</c> is the body's JSON when it parses.</summary>
internal static class SqsEventWriter
{
    private static readonly string[] FifoAttributes = ["SequenceNumber", "MessageGroupId", "MessageDeduplicationId", "DeadLetterQueueSourceArn"];

    public static byte[] Event(IEnumerable<QueueMessage> messages, string queueArn, string region)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records"u8);
            foreach (var message in messages)
            {
                WriteRecord(writer, message, queueArn, region, bodyAsJson: false);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] FilterRecord(QueueMessage message, string queueArn, string region)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteRecord(writer, message, queueArn, region, bodyAsJson: true);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRecord(Utf8JsonWriter writer, QueueMessage message, string queueArn, string region, bool bodyAsJson)
    {
        writer.WriteStartObject();
        writer.WriteString("messageId"u8, message.MessageId);
        writer.WriteString("receiptHandle"u8, message.ReceiptHandle);
        if (bodyAsJson && ParsedBody(message.Body) is { } parsed)
        {
            writer.WritePropertyName("body"u8);
            parsed.WriteTo(writer);
            parsed.Dispose();
        }
        else
        {
            writer.WriteString("body"u8, message.Body);
        }

        writer.WriteStartObject("attributes"u8);
        writer.WriteString("ApproximateReceiveCount"u8, message.ApproximateReceiveCount.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("SentTimestamp"u8, message.SentTimestamp.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("SenderId"u8, message.SenderId);
        writer.WriteString("ApproximateFirstReceiveTimestamp"u8, message.ApproximateFirstReceiveTimestamp.ToString(CultureInfo.InvariantCulture));
        if (message.SystemAttributes.TryGetValue("AWSTraceHeader", out var trace))
        {
            writer.WriteString("AWSTraceHeader"u8, trace);
        }

        foreach (var name in FifoAttributes)
        {
            if (message.SystemAttributes.TryGetValue(name, out var value))
            {
                writer.WriteString(name, value);
            }
        }

        writer.WriteEndObject();
        writer.WriteStartObject("messageAttributes"u8);
        foreach (var (name, attribute) in message.MessageAttributes)
        {
            writer.WriteStartObject(name);
            if (attribute.DataType.StartsWith("Binary", StringComparison.Ordinal))
            {
                writer.WriteBase64String("binaryValue"u8, attribute.BinaryValue is { } binary ? binary.Span : []);
            }
            else
            {
                writer.WriteString("stringValue"u8, attribute.StringValue ?? string.Empty);
            }

            writer.WriteStartArray("stringListValues"u8);
            writer.WriteEndArray();
            writer.WriteStartArray("binaryListValues"u8);
            writer.WriteEndArray();
            writer.WriteString("dataType"u8, attribute.DataType);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        if (message.Md5OfMessageAttributes is { } attributesMd5)
        {
            writer.WriteString("md5OfMessageAttributes"u8, attributesMd5);
        }

        writer.WriteString("md5OfBody"u8, message.Md5OfBody);
        writer.WriteString("eventSource"u8, "aws:sqs");
        writer.WriteString("eventSourceARN"u8, queueArn);
        writer.WriteString("awsRegion"u8, region);
        writer.WriteEndObject();
    }

    private static JsonDocument? ParsedBody(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
