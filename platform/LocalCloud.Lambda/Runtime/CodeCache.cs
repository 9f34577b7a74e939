using System.Collections.Concurrent;
using System.IO.Compression;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Lambda.Runtime;

/// <summary>
/// Function packages unpacked on disk, one directory per SHA-256 (the function's <c>LAMBDA_TASK_ROOT</c>), under
/// the state directory (<c>lambda/code/</c>) or, for an in-memory local cloud, a temporary directory removed at
/// shutdown. Unix modes in the zip are kept, so a <c>bootstrap</c> that was not executable stays so, as on AWS.
/// </summary>
internal sealed class CodeCache : IDisposable
{
    private readonly string _root;
    private readonly bool _temporary;
    private readonly ConcurrentDictionary<string, Lazy<string>> _unpacked = new(StringComparer.Ordinal);

    public CodeCache(CloudContext cloud)
    {
        _temporary = cloud.DataDirectory is null;
        _root = cloud.DataDirectory is { } data
            ? Path.Combine(data, "lambda", "code")
            : Path.Combine(Path.GetTempPath(), "localcloud-lambda-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(_root);
    }

    /// <summary>The directory holding the package <paramref name="sha256"/>, unpacking it from
    /// <paramref name="zip"/> the first time.</summary>
    public string Directory(string sha256, Func<byte[]?> zip) =>
        _unpacked.GetOrAdd(sha256, sha => new Lazy<string>(() => Unpack(sha, zip))).Value;

    /// <summary>Whether <paramref name="zip"/> is a zip archive Lambda would accept, and its unpacked size.</summary>
    public static bool TryMeasure(byte[] zip, out long unpackedBytes)
    {
        unpackedBytes = 0;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries)
            {
                unpackedBytes += entry.Length;
            }

            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_temporary)
        {
            try
            {
                System.IO.Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private string Unpack(string sha256, Func<byte[]?> zip)
    {
        var target = Path.Combine(_root, sha256.Replace('/', '_').Replace('+', '-').TrimEnd('='));
        var complete = target + ".complete";
        if (File.Exists(complete))
        {
            return target;
        }

        var bytes = zip() ?? throw new InvalidOperationException($"The code package {sha256} is not in the store.");
        if (System.IO.Directory.Exists(target))
        {
            System.IO.Directory.Delete(target, recursive: true);
        }

        using (var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            archive.ExtractToDirectory(target, overwriteFiles: true);
        }

        File.WriteAllText(complete, string.Empty);
        return target;
    }
}
