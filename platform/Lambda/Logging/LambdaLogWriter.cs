using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lambda.Internal;
using Microsoft.Extensions.Logging;

namespace Lambda.Logging;

internal sealed class LambdaLogWriter(TextWriter output, LambdaLogSettings settings, TimeProvider time)
{
    private const string OriginalFormatKey = "{OriginalFormat}";

    private static readonly HashSet<string> ReservedKeys =
        ["timestamp", "level", "message", "requestId", "traceId", "errorType", "errorMessage", "stackTrace"];

    private readonly Lock _gate = new();
    private readonly AsyncLocal<InvocationScope?> _current = new();

    public LambdaLogSettings Settings => settings;

    public InvocationScope? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }

    public bool IsEnabled(LogLevel level) => level != LogLevel.None && level >= settings.MinimumLevel;

    public void Write<TState>(LogLevel level, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var message = formatter(state, exception);
        var scope = _current.Value;
        var line = settings.Format == LambdaLogFormat.Json
            ? JsonLine(level, message, state as IReadOnlyList<KeyValuePair<string, object?>>, exception, scope)
            : TextLine(level, message, exception, scope);
        lock (_gate)
        {
            output.Write(line);
            output.Flush();
        }
    }

    private string Timestamp() =>
        time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private string TextLine(LogLevel level, string message, Exception? exception, InvocationScope? scope)
    {
        var builder = new StringBuilder();
        builder.Append(Timestamp()).Append('\t');
        if (scope is not null)
        {
            builder.Append(scope.RequestId).Append('\t');
        }

        builder.Append(LambdaLogSettings.LevelName(level)).Append('\t').Append(message);
        if (exception is not null)
        {
            builder.Append('\n').Append(exception);
        }

        return builder.Append('\n').ToString();
    }

    private string JsonLine(
        LogLevel level,
        string message,
        IReadOnlyList<KeyValuePair<string, object?>>? properties,
        Exception? exception,
        InvocationScope? scope)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", Timestamp());
            writer.WriteString("level", LambdaLogSettings.LevelName(level));
            writer.WriteString("message", message);
            if (scope is not null)
            {
                writer.WriteString("requestId", scope.RequestId);
                if (scope.TraceId is not null)
                {
                    writer.WriteString("traceId", scope.TraceId);
                }
            }

            if (properties is not null)
            {
                var written = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in properties)
                {
                    if (key == OriginalFormatKey || ReservedKeys.Contains(key) || !written.Add(key))
                    {
                        continue;
                    }

                    writer.WritePropertyName(key);
                    WriteValue(writer, value);
                }
            }

            if (exception is not null)
            {
                writer.WriteString("errorType", ErrorPayload.ErrorType(exception));
                writer.WriteString("errorMessage", exception.Message);
                writer.WriteStartArray("stackTrace");
                foreach (var line in ErrorPayload.StackLines(exception))
                {
                    writer.WriteStringValue(line);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case short or byte or sbyte or ushort:
                writer.WriteNumberValue(Convert.ToInt32(value, CultureInfo.InvariantCulture));
                break;
            case uint ui:
                writer.WriteNumberValue(ui);
                break;
            case ulong ul:
                writer.WriteNumberValue(ul);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case DateTime dt:
                writer.WriteStringValue(dt);
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto);
                break;
            case Guid g:
                writer.WriteStringValue(g);
                break;
            case TimeSpan ts:
                writer.WriteStringValue(ts.ToString("c", CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}

internal sealed record InvocationScope(string RequestId, string? TraceId);
