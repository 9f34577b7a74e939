namespace LocalCloud.CloudFormation;

/// <summary>Settings of the local CloudFormation.</summary>
public sealed class CloudFormationOptions
{
    /// <summary>
    /// How long <c>DescribeStacks</c> of one stack whose operation is running here waits for it to end before it
    /// answers. The AWS CLI's waiters poll every 30 seconds (5 for change sets), so an answer that already shows the
    /// final status saves that wait; a client that polls sees the same statuses, only later.
    /// </summary>
    public TimeSpan DescribeWaitForCompletion { get; set; } = TimeSpan.FromSeconds(2);
}
