using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Streams;

namespace LocalCloud.Pipes.Runtime;

/// <summary>
/// One record read from a pipe's source. <see cref="Json"/> is the record as Pipes hand it to the enrichment or the
/// target; <see cref="View"/> is what filters, templates and dynamic target parameters read: the same record, with an
/// SQS <c>body</c> parsed when it is JSON (Pipes' implicit body parsing).
/// </summary>
internal sealed class SourceRecord
{
    private SourceRecord(string id, string json, JsonElement view, byte[] viewUtf8, DateTimeOffset createdAt)
    {
        Id = id;
        Json = json;
        View = view;
        ViewUtf8 = viewUtf8;
        CreatedAt = createdAt;
    }

    /// <summary>The record's identifier in partial batch failures: <c>eventID</c> or <c>messageId</c>.</summary>
    public string Id { get; }

    public string Json { get; }

    public JsonElement View { get; }

    public byte[] ViewUtf8 { get; }

    public DateTimeOffset CreatedAt { get; }

    public ChangeRecord? Change { get; private init; }

    public string? PartitionKey { get; private init; }

    public QueueMessage? Message { get; private init; }

    /// <summary>A DynamoDB stream record with <c>eventSourceARN</c> added, as Lambda's event source sends it.</summary>
    public static SourceRecord FromChange(ChangeRecord change, string streamArn)
    {
        using var document = JsonDocument.Parse(change.Json);
        var buffer = new ArrayBufferWriter<byte>(change.Json.Length + streamArn.Length + 24);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteString("eventSourceARN"u8, streamArn);
            writer.WriteEndObject();
        }

        var bytes = buffer.WrittenSpan.ToArray();
        var view = Parse(bytes);
        var id = view.TryGetProperty("eventID"u8, out var eventId) && eventId.ValueKind == JsonValueKind.String ? eventId.GetString()! : change.SequenceNumber;
        var keys = view.TryGetProperty("dynamodb"u8, out var dynamodb) && dynamodb.TryGetProperty("Keys"u8, out var k) ? k.GetRawText() : id;
        return new SourceRecord(id, Encoding.UTF8.GetString(bytes), view, bytes, change.CreatedAt) { Change = change, PartitionKey = keys };
    }

    /// <summary>An SQS message as Pipes' SQS source sends it (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-sqs.html).</summary>
    public static SourceRecord FromMessage(QueueMessage message, string queueArn, string region)
    {
        var json = Write(message, queueArn, region, bodyAsJson: false);
        var viewBytes = Write(message, queueArn, region, bodyAsJson: true);
        var created = DateTimeOffset.FromUnixTimeMilliseconds(message.SentTimestamp);
        return new SourceRecord(message.MessageId, Encoding.UTF8.GetString(json), Parse(viewBytes), viewBytes, created) { Message = message };
    }

    private static JsonElement Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static byte[] Write(QueueMessage message, string queueArn, string region, bool bodyAsJson)
    {
        var buffer = new ArrayBufferWriter<byte>(message.Body.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("messageId"u8, message.MessageId);
            writer.WriteString("receiptHandle"u8, message.ReceiptHandle);
            if (bodyAsJson && TryParseJson(message.Body, out var body))
            {
                writer.WritePropertyName("body"u8);
                body.WriteTo(writer);
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
            foreach (var (name, value) in message.SystemAttributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("messageAttributes"u8);
            foreach (var (name, value) in message.MessageAttributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(name);
                if (value.StringValue is { } text)
                {
                    writer.WriteString("stringValue"u8, text);
                }

                if (value.BinaryValue is { } binary)
                {
                    writer.WriteBase64String("binaryValue"u8, binary.Span);
                }

                writer.WriteStartArray("stringListValues"u8);
                writer.WriteEndArray();
                writer.WriteStartArray("binaryListValues"u8);
                writer.WriteEndArray();
                writer.WriteString("dataType"u8, value.DataType);
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

        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryParseJson(string text, out JsonElement value)
    {
        value = default;
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '['))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            value = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
