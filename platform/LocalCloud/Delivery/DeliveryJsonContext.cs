using System.Text.Json.Serialization;

namespace LocalCloud.Delivery;

[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class DeliveryJsonContext : JsonSerializerContext;
