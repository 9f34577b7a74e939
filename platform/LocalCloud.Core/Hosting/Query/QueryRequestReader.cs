using System.Globalization;
using System.Text.Json;

namespace LocalCloud.Core.Hosting;

/// <summary>Turns awsQuery form parameters into the JSON body of the same operation, following the input
/// shapes the way botocore's QuerySerializer names them.</summary>
internal static class QueryRequestReader
{
    public static byte[] ToJson(QueryStructure input, IEnumerable<KeyValuePair<string, string>> parameters, KeyValuePair<string, string>? defaultMember = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(parameters);
        var root = new FormNode();
        foreach (var (key, value) in parameters)
        {
            var node = root;
            foreach (var segment in key.Split('.'))
            {
                node = node.Child(segment);
            }

            node.Value ??= value;
        }

        if (defaultMember is { } member && !root.Has(member.Key))
        {
            root.Child(member.Key).Value = member.Value;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteStructure(writer, input, root, string.Empty);
        }

        return buffer.ToArray();
    }

    private static void WriteStructure(Utf8JsonWriter writer, QueryStructure shape, FormNode node, string path)
    {
        writer.WriteStartObject();
        foreach (var member in shape.Members)
        {
            var name = member.Shape is QueryList { Flattened: true, MemberName: { } memberName } ? memberName : member.SerializedName;
            if (node.Find(name) is not { } child)
            {
                continue;
            }

            writer.WritePropertyName(member.Name);
            WriteValue(writer, member.Shape, child, path.Length == 0 ? name : $"{path}.{name}");
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, QueryShape shape, FormNode node, string path)
    {
        switch (shape)
        {
            case QueryScalar scalar:
                if (node.Value is not { } text)
                {
                    throw Malformed(path);
                }

                WriteScalar(writer, scalar.Type, text, path);
                break;
            case QueryStructure structure:
                WriteStructure(writer, structure, node, path);
                break;
            case QueryList list:
                var items = list.Flattened ? node : Wrapped(node, list.MemberName ?? "member", path);
                var itemsPath = list.Flattened ? path : $"{path}.{list.MemberName ?? "member"}";
                writer.WriteStartArray();
                foreach (var (index, item) in Indexed(items, node, itemsPath))
                {
                    WriteValue(writer, list.Member, item, $"{itemsPath}.{index}");
                }

                writer.WriteEndArray();
                break;
            case QueryMap map:
                var entries = map.Flattened ? node : Wrapped(node, "entry", path);
                var entriesPath = map.Flattened ? path : $"{path}.entry";
                var pairs = new Dictionary<string, (FormNode Value, string Path)>(StringComparer.Ordinal);
                foreach (var (index, entry) in Indexed(entries, node, entriesPath))
                {
                    var entryPath = $"{entriesPath}.{index}";
                    var key = entry.Find(map.KeyName)?.Value ?? throw Missing($"{entryPath}.{map.KeyName}");
                    var value = entry.Find(map.ValueName) ?? throw Missing($"{entryPath}.{map.ValueName}");
                    pairs[key] = (value, $"{entryPath}.{map.ValueName}");
                }

                writer.WriteStartObject();
                foreach (var (key, (value, valuePath)) in pairs)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, map.Value, value, valuePath);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException($"Unknown query shape {shape.GetType().Name}.");
        }
    }

    // A wrapped (non-flattened) collection holds its items under one name (Name.member.1); anything else beside it
    // (Name.1, Name.x) is not a form the operation takes.
    private static FormNode? Wrapped(FormNode node, string wrapper, string path)
    {
        if (node.Children is { } children)
        {
            foreach (var segment in children.Keys)
            {
                if (!string.Equals(segment, wrapper, StringComparison.Ordinal))
                {
                    throw Malformed($"{path}.{segment}");
                }
            }
        }

        return node.Find(wrapper);
    }

    private static List<(int Index, FormNode Node)> Indexed(FormNode? items, FormNode owner, string path)
    {
        if (items?.Children is not { Count: > 0 } children)
        {
            // botocore sends an empty list as "Name=" with nothing under it.
            if (owner.Value is { Length: > 0 } && owner.Children is null)
            {
                throw Malformed(path);
            }

            return [];
        }

        var indexed = new List<(int Index, FormNode Node)>(children.Count);
        foreach (var (segment, child) in children)
        {
            if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
            {
                throw new ServiceException("MalformedQueryString", $"The parameter {path}.{segment} has an invalid index: indexes are positive integers starting at 1.");
            }

            indexed.Add((index, child));
        }

        indexed.Sort((a, b) => a.Index.CompareTo(b.Index));
        return indexed;
    }

    private static void WriteScalar(Utf8JsonWriter writer, QueryScalarType type, string text, string path)
    {
        switch (type)
        {
            case QueryScalarType.String:
                writer.WriteStringValue(text);
                break;
            case QueryScalarType.Integer:
                writer.WriteNumberValue(int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : throw Invalid(text, path, "an integer"));
                break;
            case QueryScalarType.Long:
                writer.WriteNumberValue(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : throw Invalid(text, path, "a long integer"));
                break;
            case QueryScalarType.Double:
                writer.WriteNumberValue(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : throw Invalid(text, path, "a number"));
                break;
            case QueryScalarType.Boolean:
                writer.WriteBooleanValue(bool.TryParse(text, out var b) ? b : throw Invalid(text, path, "a boolean (true or false)"));
                break;
            case QueryScalarType.Blob:
                if (!Convert.TryFromBase64String(text, new byte[text.Length], out _))
                {
                    throw Invalid(text, path, "base64-encoded binary data");
                }

                writer.WriteStringValue(text);
                break;
            case QueryScalarType.Timestamp:
                writer.WriteNumberValue(ParseTimestamp(text) ?? throw Invalid(text, path, "a timestamp (ISO 8601 or epoch seconds)"));
                break;
            default:
                throw new InvalidOperationException($"Unknown scalar type {type}.");
        }
    }

    private static double? ParseTimestamp(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            return seconds;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeMilliseconds() / 1000.0
            : null;
    }

    private static ServiceException Invalid(string text, string path, string expected) =>
        new("InvalidParameterValue", $"Value ({Truncate(text)}) for parameter {path} is invalid. Must be {expected}.");

    private static ServiceException Malformed(string path) =>
        new("MalformedQueryString", $"The parameter {path} is not of the form the operation's input takes.");

    private static ServiceException Missing(string path) =>
        new("MissingParameter", $"The request must contain the parameter {path}.");

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "...");

    private sealed class FormNode
    {
        public string? Value { get; set; }

        public Dictionary<string, FormNode>? Children { get; private set; }

        public FormNode Child(string segment)
        {
            Children ??= new Dictionary<string, FormNode>(StringComparer.Ordinal);
            if (!Children.TryGetValue(segment, out var child))
            {
                child = new FormNode();
                Children[segment] = child;
            }

            return child;
        }

        public FormNode? Find(string segment) => Children is not null && Children.TryGetValue(segment, out var child) ? child : null;

        public bool Has(string segment) => Children?.ContainsKey(segment) == true;
    }
}
