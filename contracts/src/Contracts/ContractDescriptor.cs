using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Contracts;

public sealed class ContractDescriptor
{
    private const string ResourcePrefix = "schemas/";
    private static readonly Assembly ResourceAssembly = typeof(ContractDescriptor).Assembly;
    private readonly Lazy<string> _schemaText;
    private readonly Lazy<IReadOnlyList<ContractExample>> _examples;

    public ContractDescriptor(
        string source,
        string detailType,
        int majorVersion,
        Type detailClrType,
        JsonTypeInfo jsonTypeInfo,
        string producer,
        IReadOnlyList<string> consumers,
        string description)
    {
        Source = source;
        DetailType = detailType;
        MajorVersion = majorVersion;
        DetailClrType = detailClrType;
        JsonTypeInfo = jsonTypeInfo;
        Producer = producer;
        Consumers = consumers;
        Description = description;
        _schemaText = new Lazy<string>(() => ReadResource(ResourcePrefix + SchemaPath));
        _examples = new Lazy<IReadOnlyList<ContractExample>>(LoadExamples);
    }

    public string Source { get; }

    public string DetailType { get; }

    public int MajorVersion { get; }

    public Type DetailClrType { get; }

    public JsonTypeInfo JsonTypeInfo { get; }

    public string Producer { get; }

    public IReadOnlyList<string> Consumers { get; }

    public string Description { get; }

    public string SchemaPath => $"{Source}/{DetailType}.json";

    public string SchemaText => _schemaText.Value;

    public IReadOnlyList<ContractExample> Examples => _examples.Value;

    public ContractExample DefaultExample =>
        Examples.FirstOrDefault(e => e.IsValid)
        ?? throw new InvalidOperationException($"Contract {DetailType} has no valid example.");

    public JsonObject CreateEvent(JsonNode detail, EventEnvelopeOptions? options = null) =>
        EventEnvelope.Create(Source, DetailType, detail, options);

    public JsonObject CreateExampleEvent(EventEnvelopeOptions? options = null)
    {
        options ??= new EventEnvelopeOptions();
        var detail = JsonNode.Parse(DefaultExample.Json)!.AsObject();
        var metadata = detail["metadata"]!.AsObject();
        var now = options.TimeProvider.GetUtcNow();
        metadata["eventId"] = Guid.NewGuid().ToString();
        metadata["correlationId"] = Guid.NewGuid().ToString();
        metadata.Remove("causationId");
        metadata["occurredAt"] = EventEnvelope.FormatTime(now);
        return CreateEvent(detail, options);
    }

    public override string ToString() => DetailType;

    private static string ReadResource(string name)
    {
        using var stream = ResourceAssembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private List<ContractExample> LoadExamples()
    {
        var prefix = $"{ResourcePrefix}{Source}/examples/{DetailType}/";
        return [.. ResourceAssembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                var name = n[prefix.Length..^".json".Length];
                return new ContractExample(name, name.StartsWith("valid-", StringComparison.Ordinal), ReadResource(n));
            })
            .OrderBy(e => e.IsValid ? 0 : 1)];
    }
}

public sealed record ContractExample(string Name, bool IsValid, string Json);
