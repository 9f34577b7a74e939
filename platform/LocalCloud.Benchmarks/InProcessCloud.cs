using LocalCloud.Core.Hosting;

namespace LocalCloud.Benchmarks;

/// <summary>The local cloud host in this process on a free loopback port, with durable state in a temp dir.</summary>
internal sealed class InProcessCloud : CloudUnderTest
{
    private readonly LocalCloudHost _host;
    private readonly string _dataDir;

    private InProcessCloud(LocalCloudHost host, string dataDir)
    {
        _host = host;
        _dataDir = dataDir;
    }

    public override Uri Endpoint => _host.Endpoint;

    public override string Description => "in-process LocalCloudHost, durable SQLite state in a temp dir (memory figures include the benchmark client)";

    public static async Task<InProcessCloud> StartAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("localcloud-bench-").FullName;
        var host = await LocalCloudApplication.StartAsync(new LocalCloudOptions { Port = 0, DataDirectory = dataDir });
        return new InProcessCloud(host, dataDir);
    }

    public override (long WorkingSet, long? GcHeap) SampleMemory() =>
        (Environment.WorkingSet, GC.GetGCMemoryInfo().HeapSizeBytes);

    public override async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
