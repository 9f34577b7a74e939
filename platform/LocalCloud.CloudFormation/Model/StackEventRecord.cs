namespace LocalCloud.CloudFormation.Model;

internal sealed class StackEventRecord
{
    public required string EventId { get; set; }

    public required string StackId { get; set; }

    public required string StackName { get; set; }

    public required string LogicalResourceId { get; set; }

    public string? PhysicalResourceId { get; set; }

    public required string ResourceType { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    public required string ResourceStatus { get; set; }

    public string? ResourceStatusReason { get; set; }

    public string? ResourceProperties { get; set; }

    public string? ClientRequestToken { get; set; }
}
