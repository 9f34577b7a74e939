using System.Text.Json.Serialization;

namespace LocalCloud.Sqs.Model;

/// <summary>A message attribute as a message stores it.</summary>
internal sealed class StoredAttribute
{
    public string? DataType { get; set; }

    public string? StringValue { get; set; }

    public byte[]? BinaryValue { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, StoredAttribute>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class SqsModelJsonContext : JsonSerializerContext;
