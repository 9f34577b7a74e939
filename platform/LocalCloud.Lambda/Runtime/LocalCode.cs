using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Lambda.Runtime;

/// <summary>
/// Function code from a path on this machine, for local development: <c>Code.S3Bucket</c> set to
/// <see cref="Bucket"/> and <c>Code.S3Key</c> to a path (absolute, or relative to the local cloud's working
/// directory). The path is a <c>.zip</c> package, a folder with a <c>bootstrap</c> at its top (zipped as it is), or a
/// .NET project (a <c>.csproj</c>, or a folder holding exactly one), which is built with <c>dotnet publish</c> and
/// packaged with a <c>bootstrap</c> that starts the published executable. Real S3 bucket names cannot contain
/// <c>_</c>, so the bucket never names a real one.
/// </summary>
internal sealed class LocalCode
{
    public const string Bucket = "__local__";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _builds = new(StringComparer.Ordinal);
    private readonly string _buildRoot;

    public LocalCode(CloudContext cloud)
    {
        _buildRoot = Path.Combine(cloud.DataDirectory ?? Path.GetTempPath(), "lambda-builds");
    }

    public async Task<byte[]> PackageAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return await File.ReadAllBytesAsync(full, cancellationToken);
        }

        if (Directory.Exists(full) && File.Exists(Path.Combine(full, "bootstrap")))
        {
            return ZipFolder(full, extraBootstrap: null);
        }

        var project = File.Exists(full) && full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
            ? full
            : Directory.Exists(full) && Directory.GetFiles(full, "*.csproj") is [var only] ? only : null;
        if (project is null)
        {
            throw LambdaErrors.InvalidParameter(
                $"Local code path {path} is not a .zip file, a folder with a bootstrap, or a .NET project (a .csproj or a folder with exactly one).");
        }

        return await PublishAsync(project, cancellationToken);
    }

    private async Task<byte[]> PublishAsync(string project, CancellationToken cancellationToken)
    {
        var output = Path.Combine(_buildRoot, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(project)))[..16]);
        var gate = _builds.GetOrAdd(project, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }

            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet", "-p:UseAppHost=true" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw LambdaErrors.InvalidParameter("dotnet could not be started to build " + project);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(BuildTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                var errors = ((await stdout) + (await stderr)).Split('\n')
                    .Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim()).Distinct().Take(10);
                throw LambdaErrors.InvalidParameter($"dotnet publish of {project} failed: {string.Join(" | ", errors)}");
            }

            var executable = Directory.GetFiles(output, "*.runtimeconfig.json").Select(f => Path.GetFileName(f)[..^".runtimeconfig.json".Length])
                .FirstOrDefault(name => File.Exists(Path.Combine(output, name)))
                ?? throw LambdaErrors.InvalidParameter($"dotnet publish of {project} produced no executable.");
            return ZipFolder(output, $"#!/bin/sh\nexec \"$(dirname \"$0\")/{executable}\" \"$@\"\n");
        }
        finally
        {
            gate.Release();
        }
    }

    private static byte[] ZipFolder(string folder, string? extraBootstrap)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var name = Path.GetRelativePath(folder, file).Replace('\\', '/');
                var entry = archive.CreateEntry(name, CompressionLevel.Fastest);
                entry.ExternalAttributes = (OperatingSystem.IsWindows() ? 0b110_100_100 : (int)File.GetUnixFileMode(file)) << 16;
                using var target = entry.Open();
                using var source = File.OpenRead(file);
                source.CopyTo(target);
            }

            if (extraBootstrap is not null)
            {
                var entry = archive.CreateEntry("bootstrap");
                entry.ExternalAttributes = 0b111_101_101 << 16;
                using var target = entry.Open();
                target.Write(Encoding.UTF8.GetBytes(extraBootstrap));
            }
        }

        return buffer.ToArray();
    }
}
