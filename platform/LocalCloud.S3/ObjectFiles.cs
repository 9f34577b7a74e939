using LocalCloud.Core.Hosting;

namespace LocalCloud.S3;

/// <summary>
/// The bytes of objects and parts, one file each under <c>&lt;data&gt;/s3/</c> (a temporary directory removed at stop
/// when the local cloud runs in memory). A file is written whole and flushed to disk before any row names it; files
/// no row names (left by a crash between the two) are swept at start.
/// </summary>
internal sealed class ObjectFiles : IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly bool _temporary;

    public ObjectFiles(CloudContext cloud)
    {
        _temporary = cloud.DataDirectory is null;
        Root = cloud.DataDirectory is { } data
            ? Path.Combine(data, "s3")
            : Directory.CreateTempSubdirectory("localcloud-s3-").FullName;
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static string NewBlob() => Guid.NewGuid().ToString("N");

    public string PathOf(string blob) => Path.Combine(Root, blob[..2], blob);

    public FileStream Create(string blob)
    {
        var path = PathOf(blob);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, BufferSize, FileOptions.Asynchronous);
    }

    public FileStream OpenRead(string blob) =>
        new(PathOf(blob), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public async Task<byte[]> ReadAllAsync(string blob, CancellationToken cancellationToken) =>
        await File.ReadAllBytesAsync(PathOf(blob), cancellationToken);

    public void Delete(string? blob)
    {
        if (blob is null)
        {
            return;
        }

        try
        {
            File.Delete(PathOf(blob));
        }
        catch (IOException)
        {
            // Left for the sweep at the next start.
        }
    }

    public void Delete(IEnumerable<string> blobs)
    {
        foreach (var blob in blobs)
        {
            Delete(blob);
        }
    }

    /// <summary>Deletes the files written before <paramref name="before"/> that <paramref name="referenced"/> does not name.</summary>
    public int Sweep(IReadOnlySet<string> referenced, DateTime before)
    {
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(path);
            if (!referenced.Contains(name) && File.GetLastWriteTimeUtc(path) < before)
            {
                File.Delete(path);
                removed++;
            }
        }

        return removed;
    }

    public void Dispose()
    {
        if (_temporary && Directory.Exists(Root))
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
