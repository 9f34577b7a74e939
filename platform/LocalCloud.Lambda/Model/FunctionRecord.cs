using LocalCloud.Core.Hosting;
using LocalCloud.Lambda.Wire;

namespace LocalCloud.Lambda.Model;

/// <summary>A function as the store keeps it: its configuration (as <c>GetFunctionConfiguration</c> returns
/// it), tags, resource-based policy and reserved concurrency. The code is kept apart, by its SHA-256.</summary>
internal sealed record FunctionRecord(
    ResourceScope Scope,
    FunctionConfigurationDto Configuration,
    IReadOnlyDictionary<string, string> Tags,
    PolicyDocument? Policy,
    int? ReservedConcurrency)
{
    public string Name => Configuration.FunctionName!;

    public string Arn => Configuration.FunctionArn!;

    public string CodeSha256 => Configuration.CodeSha256!;

    public string RevisionId => Configuration.RevisionId!;

    public TimeSpan Timeout => TimeSpan.FromSeconds(Configuration.Timeout);
}
