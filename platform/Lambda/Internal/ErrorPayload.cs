using System.Buffers;
using System.Text.Json;

namespace Lambda.Internal;

internal static class ErrorPayload
{
    public const int MaxBytes = 256 * 1024;
    private const int MaxCauseDepth = 8;

    public static string ErrorType(Exception exception) => exception.GetType().Name;

    public static byte[] From(Exception exception)
    {
        var full = Write(exception, includeStack: true);
        return full.Length <= MaxBytes ? full : Write(exception, includeStack: false);
    }

    public static byte[] From(string errorType, string errorMessage)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorType", errorType);
            writer.WriteString("errorMessage", errorMessage);
            writer.WriteStartArray("stackTrace");
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static IReadOnlyList<string> StackLines(Exception exception) =>
        exception.StackTrace is { } trace
            ? trace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    private static byte[] Write(Exception exception, bool includeStack)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteException(writer, exception, includeStack, depth: 0);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteException(Utf8JsonWriter writer, Exception exception, bool includeStack, int depth)
    {
        writer.WriteStartObject();
        writer.WriteString("errorType", ErrorType(exception));
        writer.WriteString("errorMessage", exception.Message);
        writer.WriteStartArray("stackTrace");
        if (includeStack)
        {
            foreach (var line in StackLines(exception))
            {
                writer.WriteStringValue(line);
            }
        }

        writer.WriteEndArray();
        if (depth < MaxCauseDepth)
        {
            if (exception is AggregateException { InnerExceptions.Count: > 1 } aggregate)
            {
                writer.WriteStartArray("causes");
                foreach (var inner in aggregate.InnerExceptions)
                {
                    WriteException(writer, inner, includeStack, depth + 1);
                }

                writer.WriteEndArray();
            }
            else if (exception.InnerException is { } inner)
            {
                writer.WritePropertyName("cause");
                WriteException(writer, inner, includeStack, depth + 1);
            }
        }

        writer.WriteEndObject();
    }
}
