using System.Text.Json.Nodes;

namespace Contracts.Cli.Schemas;

internal static class RegistryEnvelope
{
    public const string SchemaType = "JSONSchemaDraft4";
    private const string DefinitionsPrefix = "#/definitions/";
    private const string Draft4 = "http://json-schema.org/draft-04/schema#";

    public static string SchemaName(string source, string detailType) => $"{source}@{detailType}";

    public static string Wrap(SchemaFile file)
    {
        var detail = JsonNode.Parse(file.Text)!.AsObject();
        var title = SchemaDirectory.RootTypeName(file);
        var definitions = new JsonObject();
        detail.Remove("$schema");
        if (detail["definitions"] is JsonObject inner)
        {
            detail.Remove("definitions");
            foreach (var (name, value) in inner.ToList())
            {
                inner.Remove(name);
                definitions[name] = value;
            }
        }

        if (definitions.ContainsKey(title))
        {
            throw new InvalidOperationException($"Schema {file.RelativePath} has a definition named like its title {title}.");
        }

        var ordered = new JsonObject { [title] = detail };
        foreach (var (name, value) in definitions.ToList())
        {
            definitions.Remove(name);
            ordered[name] = value;
        }

        var envelope = new JsonObject
        {
            ["$schema"] = Draft4,
            ["title"] = title + "Event",
            ["description"] = $"EventBridge event {file.DetailType} from {file.Source}.",
            ["type"] = "object",
            ["x-amazon-events-source"] = file.Source,
            ["x-amazon-events-detail-type"] = file.DetailType,
            ["required"] = Json.Array(["detail-type", "resources", "detail", "id", "source", "time", "region", "version", "account"]),
            ["properties"] = new JsonObject
            {
                ["account"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{12}$" },
                ["detail"] = new JsonObject { ["$ref"] = DefinitionsPrefix + title },
                ["detail-type"] = new JsonObject { ["type"] = "string", ["enum"] = Json.Array([file.DetailType]) },
                ["id"] = new JsonObject { ["type"] = "string" },
                ["region"] = new JsonObject { ["type"] = "string" },
                ["resources"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                ["source"] = new JsonObject { ["type"] = "string", ["enum"] = Json.Array([file.Source]) },
                ["time"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                ["version"] = new JsonObject { ["type"] = "string" },
            },
            ["definitions"] = ordered,
        };
        return Json.Pretty(envelope);
    }

    public static SchemaFile Unwrap(string content, string fallbackName)
    {
        var envelope = JsonNode.Parse(content) as JsonObject
            ?? throw new InvalidOperationException($"Registry schema {fallbackName} is not a JSON object.");
        var source = envelope["x-amazon-events-source"]?.GetValue<string>();
        var detailType = envelope["x-amazon-events-detail-type"]?.GetValue<string>();
        if (source is null || detailType is null)
        {
            var at = fallbackName.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0)
            {
                throw new InvalidOperationException($"Registry schema {fallbackName} has no x-amazon-events-source / x-amazon-events-detail-type.");
            }

            source ??= fallbackName[..at];
            detailType ??= fallbackName[(at + 1)..];
        }

        var reference = envelope["properties"]?["detail"]?["$ref"]?.GetValue<string>();
        var definitions = envelope["definitions"] as JsonObject;
        if (reference is null || !reference.StartsWith(DefinitionsPrefix, StringComparison.Ordinal) || definitions is null
            || definitions[reference[DefinitionsPrefix.Length..]] is not JsonObject detailDefinition)
        {
            throw new InvalidOperationException($"Registry schema {fallbackName} has no detail definition (properties.detail.$ref to #/definitions/...).");
        }

        var title = reference[DefinitionsPrefix.Length..];
        var detail = new JsonObject { ["$schema"] = Draft4 };
        foreach (var (name, value) in detailDefinition)
        {
            detail[name] = value?.DeepClone();
        }

        detail["title"] ??= title;
        var rest = new JsonObject();
        foreach (var (name, value) in definitions.Where(d => d.Key != title))
        {
            rest[name] = value?.DeepClone();
        }

        if (rest.Count > 0)
        {
            detail["definitions"] = rest;
        }

        return new SchemaFile(source, detailType, Json.Pretty(detail));
    }
}
