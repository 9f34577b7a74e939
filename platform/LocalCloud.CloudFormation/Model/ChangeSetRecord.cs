using LocalCloud.CloudFormation.Wire;

namespace LocalCloud.CloudFormation.Model;

internal sealed class ChangeSetRecord
{
    public required string ChangeSetId { get; set; }

    public required string ChangeSetName { get; set; }

    public required string StackId { get; set; }

    public required string StackName { get; set; }

    public string? Description { get; set; }

    /// <summary><c>CREATE</c> or <c>UPDATE</c>.</summary>
    public required string ChangeSetType { get; set; }

    public required string Status { get; set; }

    public string? StatusReason { get; set; }

    public required string ExecutionStatus { get; set; }

    public DateTimeOffset CreationTime { get; set; }

    public TemplateState? Template { get; set; }

    public List<Change> Changes { get; set; } = [];

    public List<string> Capabilities { get; set; } = [];

    public List<string> NotificationArns { get; set; } = [];

    public List<TagRecord> Tags { get; set; } = [];

    public string? RoleArn { get; set; }
}
