using System.Text.Json;

namespace LocalCloud.Lambda.EventSources;

/// <summary>
/// Reads a function's answer under <c>FunctionResponseTypes: [ReportBatchItemFailures]</c>. The batch succeeded
/// whole when the answer is empty, <c>null</c>, an object without <c>batchItemFailures</c>, or an empty or null
/// list; it failed whole when the answer is not JSON or not an object, or when an item's <c>itemIdentifier</c> is
/// missing, null, empty or names no record of the batch
/// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
/// </summary>
internal readonly record struct BatchItemFailures(bool WholeBatch, IReadOnlyList<string> Items)
{
    public static readonly BatchItemFailures None = new(false, []);

    public static readonly BatchItemFailures All = new(true, []);

    public bool Any => WholeBatch || Items.Count > 0;

    public static BatchItemFailures Read(ReadOnlySpan<byte> payload, IReadOnlySet<string> identifiers)
    {
        if (payload.Trim(" \t\r\n"u8).IsEmpty)
        {
            return None;
        }

        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return None;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return All;
            }

            if (!root.TryGetProperty("batchItemFailures", out var failures) || failures.ValueKind == JsonValueKind.Null)
            {
                return None;
            }

            if (failures.ValueKind != JsonValueKind.Array)
            {
                return All;
            }

            var items = new List<string>();
            foreach (var failure in failures.EnumerateArray())
            {
                if (failure.ValueKind != JsonValueKind.Object
                    || !failure.TryGetProperty("itemIdentifier", out var id)
                    || id.ValueKind != JsonValueKind.String
                    || id.GetString() is not { Length: > 0 } identifier
                    || !identifiers.Contains(identifier))
                {
                    return All;
                }

                items.Add(identifier);
            }

            return new BatchItemFailures(false, items);
        }
        catch (JsonException)
        {
            return All;
        }
    }
}
