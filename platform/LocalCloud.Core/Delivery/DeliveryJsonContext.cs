using System.Text.Json.Serialization;

namespace LocalCloud.Core.Delivery;

[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
public sealed partial class DeliveryJsonContext : JsonSerializerContext;
