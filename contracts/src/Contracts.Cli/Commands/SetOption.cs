using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Contracts.Cli.Commands;

internal static class SetOption
{
    public static Option<string[]> Create() => new("--set")
    {
        Description = "Set a detail field: PATH=VALUE, for example data.orderId=... or data.lines[0].quantity=3. VALUE is used as JSON when it parses as JSON, otherwise as a string.",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static void Apply(JsonObject detail, IEnumerable<string> assignments)
    {
        foreach (var assignment in assignments)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--set expects PATH=VALUE, got '{assignment}'.");
            }

            var path = assignment[..equals];
            if (path.StartsWith("detail.", StringComparison.Ordinal))
            {
                path = path["detail.".Length..];
            }

            Assign(detail, ParsePath(path), ParseValue(assignment[(equals + 1)..]), assignment);
        }
    }

    private static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static List<object> ParsePath(string path)
    {
        var segments = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var name = part;
            var bracket = name.IndexOf('[', StringComparison.Ordinal);
            var indexes = new List<int>();
            if (bracket >= 0)
            {
                foreach (var idx in name[bracket..].Split('[', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!idx.EndsWith(']') || !int.TryParse(idx[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                    {
                        throw new UsageException($"Bad --set path '{path}'.");
                    }

                    indexes.Add(i);
                }

                name = name[..bracket];
            }

            if (name.Length > 0)
            {
                segments.Add(int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : name);
            }

            segments.AddRange(indexes.Cast<object>());
        }

        if (segments.Count == 0)
        {
            throw new UsageException("--set needs a path.");
        }

        return segments;
    }

    private static void Assign(JsonObject root, List<object> path, JsonNode? value, string assignment)
    {
        JsonNode current = root;
        for (var i = 0; i < path.Count; i++)
        {
            var last = i == path.Count - 1;
            switch (path[i], current)
            {
                case (string name, JsonObject obj):
                    if (last)
                    {
                        obj[name] = value;
                        return;
                    }

                    if (obj[name] is not { } next)
                    {
                        next = path[i + 1] is int ? new JsonArray() : new JsonObject();
                        obj[name] = next;
                    }

                    current = next;
                    break;
                case (int index, JsonArray array) when index <= array.Count:
                    if (index == array.Count)
                    {
                        array.Add(last ? value : path[i + 1] is int ? new JsonArray() : new JsonObject());
                        if (last)
                        {
                            return;
                        }
                    }
                    else if (last)
                    {
                        array[index] = value;
                        return;
                    }

                    current = array[index] ?? throw new UsageException($"--set '{assignment}': element {index} is null.");
                    break;
                default:
                    throw new UsageException($"--set '{assignment}': cannot follow the path at segment '{path[i]}'.");
            }
        }
    }
}
