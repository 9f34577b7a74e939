using System.Globalization;
using System.Text.Json;

namespace LocalCloud.Sqs.Model;

internal sealed record SqsQueue(
    string Name,
    string Arn,
    long CreatedSeconds,
    long ModifiedSeconds,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Tags)
{
    public const int MaxVisibilityTimeout = 43200;

    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DelaySeconds"] = "0",
        ["MaximumMessageSize"] = "1048576",
        ["MessageRetentionPeriod"] = "345600",
        ["ReceiveMessageWaitTimeSeconds"] = "0",
        ["VisibilityTimeout"] = "30",
        ["SqsManagedSseEnabled"] = "true",
    };

    public static readonly IReadOnlySet<string> Settable = new HashSet<string>(StringComparer.Ordinal)
    {
        "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "Policy", "ReceiveMessageWaitTimeSeconds",
        "VisibilityTimeout", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
        "SqsManagedSseEnabled",
    };

    public static readonly IReadOnlySet<string> Computed = new HashSet<string>(StringComparer.Ordinal)
    {
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible",
        "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn",
    };

    public static readonly IReadOnlySet<string> FifoOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
    };

    /// <summary>The owner account, read once from the ARN (the in-process send path asks for it per message).</summary>
    public string AccountId { get; } = Arn.Split(':')[4];

    public string Region { get; } = Arn.Split(':')[3];

    public int DelaySeconds => Int("DelaySeconds");

    public int MaximumMessageSize => Int("MaximumMessageSize");

    public int MessageRetentionPeriod => Int("MessageRetentionPeriod");

    public int ReceiveMessageWaitTimeSeconds => Int("ReceiveMessageWaitTimeSeconds");

    public int VisibilityTimeout => Int("VisibilityTimeout");

    public (string DeadLetterTargetArn, int MaxReceiveCount)? Redrive =>
        Attributes.TryGetValue("RedrivePolicy", out var json) ? ParseRedrive(json) : null;

    public string Effective(string name) =>
        Attributes.TryGetValue(name, out var value) ? value : Defaults.GetValueOrDefault(name, string.Empty);

    public static (string DeadLetterTargetArn, int MaxReceiveCount)? ParseRedrive(string json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("deadLetterTargetArn", out var arn) || arn.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("maxReceiveCount", out var count))
            {
                return null;
            }

            int max;
            if (count.ValueKind == JsonValueKind.Number && count.TryGetInt32(out var n))
            {
                max = n;
            }
            else if (count.ValueKind == JsonValueKind.String && int.TryParse(count.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            {
                max = s;
            }
            else
            {
                return null;
            }

            return (arn.GetString()!, max);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private int Int(string name) => int.Parse(Effective(name), CultureInfo.InvariantCulture);
}
