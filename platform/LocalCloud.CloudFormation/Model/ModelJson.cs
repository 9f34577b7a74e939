using System.Text.Json.Serialization;
using LocalCloud.CloudFormation.Wire;

namespace LocalCloud.CloudFormation.Model;

/// <summary>The stored documents' JSON (the columns that hold a whole record).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(StackRecord))]
[JsonSerializable(typeof(ResourceRecord))]
[JsonSerializable(typeof(StackEventRecord))]
[JsonSerializable(typeof(ChangeSetRecord))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
