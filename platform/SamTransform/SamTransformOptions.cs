namespace SamTransform;

/// <summary>What the transform needs besides the template: where it runs and the stack's parameter values.</summary>
public sealed record SamTransformOptions
{
    /// <summary>The region the stack is deployed to, e.g. <c>us-east-1</c>. It also decides the partition unless <see cref="Partition"/> is set.</summary>
    public required string Region { get; init; }

    /// <summary>The partition (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>, ...); derived from <see cref="Region"/> when null.</summary>
    public string? Partition { get; init; }

    /// <summary>Template parameter values given for the stack; parameters left out take their <c>Default</c>.</summary>
    public IReadOnlyDictionary<string, string> ParameterValues { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Extra managed policy names and their ARNs, looked up after SAM's bundled list of AWS managed policies
    /// (a name in neither, and not an ARN, is used as written, as SAM does).
    /// </summary>
    public IReadOnlyDictionary<string, string> ManagedPolicyArns { get; init; } = new Dictionary<string, string>();
}
