using Amazon.S3.Model;
using LocalCloud.Testing;

namespace LocalCloud.S3.Tests;

/// <summary>Acknowledged writes survive the local cloud being killed (SIGKILL) and restarted on the same data.</summary>
public sealed class S3DurabilityTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("localcloud-s3-durable-").FullName;

    [Fact]
    public async Task AcknowledgedPutObject_SurvivesKill9AndRestart()
    {
        var data = S3Clients.RandomBytes(3 * 1024 * 1024, 11);
        await using var cloud = await LocalCloudProcess.StartAsync(_dataDirectory, timeout: TimeSpan.FromSeconds(60));
        using (var s3 = S3Clients.Create(cloud.Endpoint))
        {
            await s3.PutBucketAsync("durable-bucket");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "durable-bucket", Key = "kept.bin", InputStream = new MemoryStream(data) });
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "durable-bucket", Key = "replaced", ContentBody = "old" });
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "durable-bucket", Key = "replaced", ContentBody = "new" });
        }

        await cloud.KillAsync();
        var orphan = Path.Combine(_dataDirectory, "s3", "ff", "ff" + new string('0', 30));
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllTextAsync(orphan, "a file written before its row was committed");
        await cloud.RestartAsync(TimeSpan.FromSeconds(60));

        using var after = S3Clients.Create(cloud.Endpoint);
        using var got = await after.GetObjectAsync("durable-bucket", "kept.bin");
        using var buffer = new MemoryStream();
        await got.ResponseStream.CopyToAsync(buffer);
        using var replaced = await after.GetObjectAsync("durable-bucket", "replaced");
        using var reader = new StreamReader(replaced.ResponseStream);

        Assert.Equal(data, buffer.ToArray());
        Assert.Equal(S3Clients.ETagOf(data), got.ETag);
        Assert.Equal("new", await reader.ReadToEndAsync());
        Assert.False(File.Exists(orphan));
        Assert.Equal(2, Directory.EnumerateFiles(Path.Combine(_dataDirectory, "s3"), "*", SearchOption.AllDirectories).Count());
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);
}
