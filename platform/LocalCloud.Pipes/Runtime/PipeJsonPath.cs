using System.Buffers;
using System.Text.Json;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Pipes.Runtime;

/// <summary>
/// The JSON paths Pipes evaluate in input templates and dynamic target parameters: <c>$</c>, dot segments of
/// letters, digits, <c>_</c>, <c>-</c> and <c>/</c>, array indices <c>[3]</c> and the wildcard <c>[*]</c>
/// (which gathers the rest of the path over every element into an array).
/// </summary>
internal static class PipeJsonPath
{
    public static bool IsValid(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return false;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var start = ++i;
                while (i < path.Length && IsNameChar(path[i]))
                {
                    i++;
                }

                if (i == start)
                {
                    return false;
                }
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    return false;
                }

                var inner = path.AsSpan(i + 1, close - i - 1);
                if (!(inner is "*" || (inner.Length > 0 && inner.Length < 10 && int.TryParse(inner, out _) && !inner.Contains('-'))))
                {
                    return false;
                }

                i = close + 1;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value at <paramref name="path"/> (a valid path) as minified JSON, or null when there is none.</summary>
    public static string? SelectJson(JsonElement root, string path)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            if (!Write(root, path, 1, writer))
            {
                return null;
            }
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The value at <paramref name="path"/> as an element (parsed again when a wildcard built it).</summary>
    public static bool TrySelect(JsonElement root, string path, out JsonElement value)
    {
        if (!path.Contains('*', StringComparison.Ordinal))
        {
            return TryWalk(root, path, 1, out value);
        }

        value = default;
        var json = SelectJson(root, path);
        if (json is null)
        {
            return false;
        }

        using var document = JsonDocument.Parse(json);
        value = document.RootElement.Clone();
        return true;
    }

    private static bool TryWalk(JsonElement current, string path, int i, out JsonElement value)
    {
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var start = ++i;
                while (i < path.Length && IsNameChar(path[i]))
                {
                    i++;
                }

                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(path.AsSpan(start, i - start), out current))
                {
                    value = default;
                    return false;
                }
            }
            else
            {
                var close = path.IndexOf(']', i);
                var index = int.Parse(path.AsSpan(i + 1, close - i - 1), System.Globalization.CultureInfo.InvariantCulture);
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    value = default;
                    return false;
                }

                current = current[index];
                i = close + 1;
            }
        }

        value = current;
        return true;
    }

    private static bool Write(JsonElement current, string path, int i, Utf8JsonWriter writer)
    {
        var wildcard = path.IndexOf("[*]", i, StringComparison.Ordinal);
        if (wildcard < 0)
        {
            if (!TryWalk(current, path, i, out var value))
            {
                return false;
            }

            value.WriteTo(writer);
            return true;
        }

        if (!TryWalk(current, path[..wildcard], i, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        writer.WriteStartArray();
        var rest = "$" + path[(wildcard + 3)..];
        foreach (var element in array.EnumerateArray())
        {
            Write(element, rest, 1, writer);
        }

        writer.WriteEndArray();
        return true;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/' || (c > 127 && char.IsLetterOrDigit(c));
}
