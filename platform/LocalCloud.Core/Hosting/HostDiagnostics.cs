namespace LocalCloud.Core.Hosting;

public sealed class HostDiagnostics
{
    private long _internalFailures;
    private long _requests;

    public long InternalFailures => Interlocked.Read(ref _internalFailures);

    public long Requests => Interlocked.Read(ref _requests);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountInternalFailure() => Interlocked.Increment(ref _internalFailures);
}
