using Amazon.Runtime;

namespace Aws.Internal;

/// <summary>Resolves the default credential chain on first use, so that building a client never fails.</summary>
internal sealed class DeferredCredentials(Func<AWSCredentials> resolve) : AWSCredentials
{
    private readonly Lazy<AWSCredentials> _inner = new(resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    public override ImmutableCredentials GetCredentials() => _inner.Value.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _inner.Value.GetCredentialsAsync();
}
