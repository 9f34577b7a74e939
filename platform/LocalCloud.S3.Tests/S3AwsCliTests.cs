using LocalCloud.Testing;

namespace LocalCloud.S3.Tests;

/// <summary>The AWS CLI's <c>aws s3</c> and <c>aws s3api</c> commands (Debian's awscli) against an in-process local cloud.</summary>
public sealed class S3AwsCliTests(S3HostFixture fixture) : IClassFixture<S3HostFixture>
{
    [Fact]
    public async Task AwsCli_MbCpLsRm_SmallAndMultipartFiles()
    {
        using var aws = new AwsCli(fixture.Endpoint);
        var bucket = S3Clients.NewBucket("cli");
        var small = aws.TempPath("small.txt");
        await File.WriteAllTextAsync(small, "hello from the cli");
        var large = aws.TempPath("large.bin");
        var data = S3Clients.RandomBytes(20 * 1024 * 1024, 3);
        await File.WriteAllBytesAsync(large, data);
        var downloaded = aws.TempPath("downloaded.bin");

        var mb = await aws.RunAsync("s3", "mb", $"s3://{bucket}");
        var cpSmall = await aws.RunAsync("s3", "cp", small, $"s3://{bucket}/docs/small.txt");
        var cpLarge = await aws.RunAsync("s3", "cp", large, $"s3://{bucket}/large.bin");
        var ls = await aws.RunAsync("s3", "ls", $"s3://{bucket}", "--recursive");
        var lsBuckets = await aws.RunAsync("s3", "ls");
        using var head = await aws.RunJsonAsync("s3api", "head-object", "--bucket", bucket, "--key", "large.bin");
        var cpDown = await aws.RunAsync("s3", "cp", $"s3://{bucket}/large.bin", downloaded);
        var rm = await aws.RunAsync("s3", "rm", $"s3://{bucket}/docs/small.txt");
        var lsAfter = await aws.RunAsync("s3", "ls", $"s3://{bucket}", "--recursive");
        var missing = await aws.RunAsync("s3api", "head-object", "--bucket", bucket, "--key", "docs/small.txt");

        Assert.True(mb.ExitCode == 0, mb.Stderr);
        Assert.True(cpSmall.ExitCode == 0, cpSmall.Stderr);
        Assert.True(cpLarge.ExitCode == 0, cpLarge.Stderr);
        Assert.Contains("docs/small.txt", ls.Stdout, StringComparison.Ordinal);
        Assert.Contains("large.bin", ls.Stdout, StringComparison.Ordinal);
        Assert.Contains(bucket, lsBuckets.Stdout, StringComparison.Ordinal);
        Assert.Equal(data.Length, head.RootElement.GetProperty("ContentLength").GetInt64());
        Assert.EndsWith("-3\"", head.RootElement.GetProperty("ETag").GetString(), StringComparison.Ordinal);
        Assert.True(cpDown.ExitCode == 0, cpDown.Stderr);
        Assert.Equal(data, await File.ReadAllBytesAsync(downloaded));
        Assert.True(rm.ExitCode == 0, rm.Stderr);
        Assert.DoesNotContain("docs/small.txt", lsAfter.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("404", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_S3Api_BucketCommands()
    {
        using var aws = new AwsCli(fixture.Endpoint);
        var bucket = S3Clients.NewBucket("cli");
        using var created = await aws.RunJsonAsync("s3api", "create-bucket", "--bucket", bucket);
        var versioning = await aws.RunAsync("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled");
        using var status = await aws.RunJsonAsync("s3api", "get-bucket-versioning", "--bucket", bucket);
        var body = aws.TempPath("body.txt");
        await File.WriteAllTextAsync(body, "v1");
        using var put = await aws.RunJsonAsync("s3api", "put-object", "--bucket", bucket, "--key", "k", "--body", body, "--metadata", "team=orders");
        using var listed = await aws.RunJsonAsync("s3api", "list-objects-v2", "--bucket", bucket);
        using var versions = await aws.RunJsonAsync("s3api", "list-object-versions", "--bucket", bucket);
        var rb = await aws.RunAsync("s3", "rb", $"s3://{bucket}");

        Assert.Equal("/" + bucket, created.RootElement.GetProperty("Location").GetString());
        Assert.True(versioning.ExitCode == 0, versioning.Stderr);
        Assert.Equal("Enabled", status.RootElement.GetProperty("Status").GetString());
        Assert.False(string.IsNullOrEmpty(put.RootElement.GetProperty("VersionId").GetString()));
        Assert.Equal("k", listed.RootElement.GetProperty("Contents")[0].GetProperty("Key").GetString());
        Assert.Equal(1, versions.RootElement.GetProperty("Versions").GetArrayLength());
        Assert.NotEqual(0, rb.ExitCode);
        Assert.Contains("BucketNotEmpty", rb.Stderr, StringComparison.Ordinal);
    }
}
