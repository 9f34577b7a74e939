using System.Text.Json.Nodes;

namespace LocalCloud.CloudFormation.Model;

/// <summary>
/// One logical resource of a stack: the physical resource it stands for now (<see cref="Live"/>), during an update the
/// one it stood for before (<see cref="Previous"/>, restored by a rollback, deleted by the cleanup after a
/// replacement), and a provider call in flight (<see cref="Pending"/>, written before the call so a crash leaves a
/// trace of what may exist).
/// </summary>
internal sealed class ResourceRecord
{
    public required string LogicalId { get; set; }

    public required string Type { get; set; }

    public required string Status { get; set; }

    public string? StatusReason { get; set; }

    public DateTimeOffset LastUpdated { get; set; }

    public ResourceInstance? Live { get; set; }

    public ResourceInstance? Previous { get; set; }

    /// <summary>The update replaced the resource: <see cref="Previous"/> is the old physical resource.</summary>
    public bool Replaced { get; set; }

    /// <summary>The resource was added by the update in progress.</summary>
    public bool CreatedInUpdate { get; set; }

    public PendingAction? Pending { get; set; }

    /// <summary>Physical resources to delete when the operation's cleanup runs (a rolled-back replacement).</summary>
    public List<ResourceInstance> Discard { get; set; } = [];

    public string? DeletionPolicy { get; set; }

    public string? UpdateReplacePolicy { get; set; }

    public string? Metadata { get; set; }
}

internal sealed class ResourceInstance
{
    public required string Type { get; set; }

    public required string Suffix { get; set; }

    public string? PhysicalId { get; set; }

    public string? RefValue { get; set; }

    public JsonObject Properties { get; set; } = [];

    public JsonObject Attributes { get; set; } = [];

    public JsonNode? RefNode => PhysicalId is null ? null : JsonValue.Create(RefValue ?? PhysicalId);
}

/// <summary>A provider call in flight: <c>Create</c> (its suffix and properties say what it would make), <c>Update</c>
/// or <c>Delete</c>.</summary>
internal sealed class PendingAction
{
    public required string Action { get; set; }

    public required string Type { get; set; }

    public required string Suffix { get; set; }

    public JsonObject Properties { get; set; } = [];
}
