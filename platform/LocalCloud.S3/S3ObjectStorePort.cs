using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using Microsoft.Extensions.Hosting;

namespace LocalCloud.S3;

/// <summary>S3's objects for the other services in process (Lambda code, CloudFormation templates), and the sweep at
/// start of the object files that no row names (written before a crash that came before their commit).</summary>
internal sealed class S3ObjectStorePort(S3Store store, ObjectFiles files, CloudContext cloud) : IObjectStorePort, IHostedService
{
    public async Task<byte[]?> GetObjectAsync(ResourceScope scope, string bucket, string key, string? versionId, CancellationToken cancellationToken)
    {
        if (store.GetBucket(bucket) is not { } found || found.AccountId != scope.AccountId)
        {
            return null;
        }

        var record = store.GetObject(bucket, key, versionId);
        if (record is null || record.IsDeleteMarker || record.Blob is null)
        {
            return null;
        }

        try
        {
            return await files.ReadAllAsync(record.Blob, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            // Replaced between the read of its row and of its file: the newer version answers.
            return versionId is null && store.GetObject(bucket, key, null) is { Blob: { } blob } ? await files.ReadAllAsync(blob, cancellationToken) : null;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        files.Sweep(store.ReferencedBlobs(), cloud.StartedAt.UtcDateTime);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
