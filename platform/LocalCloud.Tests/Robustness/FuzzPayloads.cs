using System.Text;

namespace LocalCloud.Tests.Robustness;

internal sealed class FuzzPayloads(int seed)
{
    private static readonly string[] MemberNames =
    [
        "Name", "QueueUrl", "QueueName", "Attributes", "AttributeNames", "Entries", "EventBusName", "Rule", "Targets", "Ids",
        "Limit", "NextToken", "MaxResults", "EventPattern", "ScheduleExpression", "State", "Description", "RoleArn", "Tags",
        "ArchiveName", "ReplayName", "EventSourceArn", "Destination", "StartTime", "EndTime", "RetentionDays", "Event", "Arn",
        "ResourceARN", "TagKeys", "MessageBody", "ReceiptHandle", "VisibilityTimeout", "WaitTimeSeconds", "MaxNumberOfMessages",
        "DelaySeconds", "MessageAttributes", "Source", "DetailType", "Detail", "Resources", "Time", "Input", "InputPath",
        "InputTransformer", "Id", "RetryPolicy", "DeadLetterConfig", "NamePrefix", "RegistryName", "SchemaName", "Content",
        "Type", "SchemaVersion", "Keywords", "EndpointId", "TraceHeader", "Force", "RuleName", "TargetArn", "EventSourceName",
        "FilterArns", "QueueNamePrefix", "MessageAttributeNames", "MessageSystemAttributeNames", "tags", "Policy",
    ];

    public static readonly IReadOnlySet<string> MayBeValid = new HashSet<string>(StringComparer.Ordinal)
    {
        "random-members", "empty-object", "huge-string", "lone-surrogate",
    };

    private readonly Random _random = new(seed);

    public IEnumerable<(string Kind, byte[] Body)> All()
    {
        foreach (var text in Malformed)
        {
            yield return ("malformed", Encoding.UTF8.GetBytes(text));
        }

        for (var i = 0; i < 6; i++)
        {
            var bytes = new byte[_random.Next(1, 300)];
            _random.NextBytes(bytes);
            yield return ("random-bytes", bytes);
        }

        yield return ("deep-array", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)));
        yield return ("deep-object", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000)));
        yield return ("empty-object", "{}"u8.ToArray());
        yield return ("lone-surrogate", Encoding.UTF8.GetBytes($"{{\"{Pick()}\":\"\\ud800\"}}"));
        yield return ("huge-string", Encoding.UTF8.GetBytes($"{{\"{Pick()}\":\"{new string('x', 2 * 1024 * 1024)}\"}}"));

        for (var i = 0; i < 24; i++)
        {
            yield return ("random-members", Encoding.UTF8.GetBytes(RandomObject()));
        }
    }

    public string Segment() => _random.Next(8) switch
    {
        0 => string.Empty + "x",
        1 => Uri.EscapeDataString(new string('n', 600)),
        2 => Uri.EscapeDataString("a b/c?d#e%f"),
        3 => Uri.EscapeDataString("ünï😀"),
        4 => "..",
        5 => Uri.EscapeDataString("\"'<>{}"),
        6 => "-1",
        _ => "name" + _random.Next(1000),
    };

    public string QueryString() => _random.Next(3) switch
    {
        0 => string.Empty,
        1 => "?limit=-5&nextToken=%00%FF&version=abc&scope=LOCAL&keywords=" + Uri.EscapeDataString(new string('k', 3000)),
        _ => "?schemaVersion=999999999999999999999&registryNamePrefix=&" + Uri.EscapeDataString("ü") + "=1",
    };

    private static readonly string[] Malformed =
    [
        "{", "}", "[", "{\"a\":", "nul", "\"unterminated", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}", "\u0000\u0001", "null", "[]",
        "\"just a string\"", "42", "true",
    ];

    private string Pick() => MemberNames[_random.Next(MemberNames.Length)];

    private string RandomObject()
    {
        var builder = new StringBuilder("{");
        var count = _random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append('"').Append(Pick()).Append("\":");
            AppendValue(builder, 0);
        }

        return builder.Append('}').ToString();
    }

    private void AppendValue(StringBuilder builder, int depth)
    {
        switch (_random.Next(depth > 3 ? 9 : 12))
        {
            case 0: builder.Append("null"); break;
            case 1: builder.Append(_random.Next(2) == 0 ? "true" : "false"); break;
            case 2: builder.Append(_random.Next(int.MinValue, int.MaxValue)); break;
            case 3: builder.Append("1e308"); break;
            case 4: builder.Append("-0.5"); break;
            case 5: builder.Append("99999999999999999999999999"); break;
            case 6: builder.Append('"').Append("arn:aws:sqs:us-east-1:000000000000:q").Append(_random.Next(5)).Append('"'); break;
            case 7: builder.Append('"').Append(new string('y', _random.Next(0, 2) == 0 ? 0 : 70_000)).Append('"'); break;
            case 8: builder.Append('"').Append(new string('[', 2000)).Append(new string(']', 2000)).Append('"'); break;
            case 9:
                builder.Append('[');
                for (var i = 0; i < _random.Next(0, 12); i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    AppendValue(builder, depth + 1);
                }

                builder.Append(']');
                break;
            default:
                builder.Append('{');
                for (var i = 0; i < _random.Next(0, 4); i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    builder.Append('"').Append(Pick()).Append("\":");
                    AppendValue(builder, depth + 1);
                }

                builder.Append('}');
                break;
        }
    }
}
