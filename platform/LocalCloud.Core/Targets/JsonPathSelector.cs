using System.Text.Json;

namespace LocalCloud.Core.Targets;

public static class JsonPathSelector
{
    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create("[]*\"' ");

    public static bool IsValid(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return false;
        }

        if (path.Length == 1)
        {
            return true;
        }

        if (path[1] != '.' || path.Length == 2)
        {
            return false;
        }

        foreach (var segment in path[2..].Split('.'))
        {
            if (segment.Length == 0 || segment.AsSpan().IndexOfAny(Forbidden) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    public static bool TrySelect(JsonElement root, string path, out JsonElement value)
    {
        value = root;
        if (path == "$")
        {
            return true;
        }

        foreach (var segment in path[2..].Split('.'))
        {
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(segment, out var child))
            {
                value = child;
            }
            else if (value.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index >= 0 && index < value.GetArrayLength())
            {
                value = value[index];
            }
            else
            {
                value = default;
                return false;
            }
        }

        return true;
    }
}
