using System.Text.Json.Serialization;
using LocalCloud.Core.Targets;

namespace LocalCloud.EventBridge.Model;

/// <summary>An event bus as the local cloud stores it.</summary>
internal sealed class StoredBus
{
    public string AccountId { get; set; } = "";
    public string Region { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string? KmsKeyIdentifier { get; set; }
    public string? DeadLetterArn { get; set; }
    public string? EventSourceName { get; set; }
    public long CreatedAtMs { get; set; }
    public long ModifiedAtMs { get; set; }

    [JsonIgnore]
    public BusId Id => new(new(AccountId, Region), Name);
}

/// <summary>A rule and its targets as the local cloud stores them.</summary>
internal sealed class StoredRule
{
    public string AccountId { get; set; } = "";
    public string Region { get; set; } = "";
    public string Bus { get; set; } = "";
    public string Name { get; set; } = "";
    public string? EventPattern { get; set; }
    public string State { get; set; } = "ENABLED";
    public string? Description { get; set; }
    public string? RoleArn { get; set; }
    public string? ManagedBy { get; set; }
    public long CreatedAtMs { get; set; }
    public List<RuleTarget> Targets { get; set; } = [];

    [JsonIgnore]
    public BusId BusId => new(new(AccountId, Region), Bus);

    [JsonIgnore]
    public string Arn => BusId.RuleArn(Name);
}

/// <summary>One target of a rule.</summary>
internal sealed class RuleTarget
{
    public string Id { get; set; } = "";
    public string Arn { get; set; } = "";
    public string? RoleArn { get; set; }
    public TargetInputSpec Input { get; set; } = TargetInputSpec.WholeEvent;
    public string? MessageGroupId { get; set; }
    public int? MaximumRetryAttempts { get; set; }
    public int? MaximumEventAgeInSeconds { get; set; }
    public string? DeadLetterArn { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredBus))]
[JsonSerializable(typeof(StoredRule))]
internal sealed partial class EventBridgeModelJsonContext : JsonSerializerContext;
