using System.Text.Json.Nodes;

namespace LocalCloud.CloudFormation.Model;

/// <summary>A stack as stored: its settings, the template it runs (<see cref="Current"/>) and, while an update runs or
/// rolls back, the one being deployed (<see cref="Target"/>).</summary>
internal sealed class StackRecord
{
    public required string StackId { get; set; }

    public required string StackName { get; set; }

    public required string AccountId { get; set; }

    public required string Region { get; set; }

    public required string Status { get; set; }

    public string? StatusReason { get; set; }

    public DateTimeOffset CreationTime { get; set; }

    public DateTimeOffset? LastUpdatedTime { get; set; }

    public DateTimeOffset? DeletionTime { get; set; }

    public List<string> Capabilities { get; set; } = [];

    public List<string> NotificationArns { get; set; } = [];

    public List<TagRecord> Tags { get; set; } = [];

    public bool DisableRollback { get; set; }

    /// <summary><c>OnFailure</c> of CreateStack: <c>ROLLBACK</c>, <c>DELETE</c> or <c>DO_NOTHING</c>.</summary>
    public string OnFailure { get; set; } = "ROLLBACK";

    public bool RetainExceptOnCreate { get; set; }

    public string? RoleArn { get; set; }

    public int? TimeoutInMinutes { get; set; }

    public bool EnableTerminationProtection { get; set; }

    public TemplateState? Current { get; set; }

    public TemplateState? Target { get; set; }

    /// <summary>The template an update replaced, kept while its cleanup runs (to delete removed resources in order).</summary>
    public TemplateState? Previous { get; set; }

    public List<OutputRecord> Outputs { get; set; } = [];

    public string? ChangeSetId { get; set; }

    /// <summary>The template the stack's description and parameters come from: the one deployed, else the one
    /// being deployed.</summary>
    public TemplateState? Shown => Current ?? Target;
}

internal sealed class TemplateState
{
    /// <summary>The template as submitted (GetTemplate's <c>Original</c> stage).</summary>
    public required string Body { get; set; }

    /// <summary>The template after transforms (<c>Processed</c>).</summary>
    public required JsonObject Processed { get; set; }

    public Dictionary<string, string> Parameters { get; set; } = new(StringComparer.Ordinal);
}

internal sealed record TagRecord(string Key, string Value);

internal sealed record OutputRecord(string Key, string Value, string? Description, string? ExportName);
