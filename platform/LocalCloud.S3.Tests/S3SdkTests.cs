using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace LocalCloud.S3.Tests;

/// <summary>The real AWSSDK.S3 client, path style and virtual-host style, against the in-process local cloud.</summary>
public sealed class S3SdkTests(S3HostFixture fixture) : IClassFixture<S3HostFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PutGetHeadDelete_RoundTripsBytesMetadataAndHeaders(bool pathStyle)
    {
        using var s3 = fixture.CreateClient(pathStyle);
        var bucket = S3Clients.NewBucket();
        await s3.PutBucketAsync(bucket);
        var put = new PutObjectRequest
        {
            BucketName = bucket,
            Key = "docs/hello world+1.txt",
            ContentBody = "hello, s3",
            ContentType = "text/plain",
        };
        put.Metadata.Add("owner", "orders");
        put.Headers.CacheControl = "max-age=60";
        put.Headers.ContentDisposition = "attachment; filename=\"hello.txt\"";

        var putResponse = await s3.PutObjectAsync(put);
        using var got = await s3.GetObjectAsync(bucket, "docs/hello world+1.txt");
        using var reader = new StreamReader(got.ResponseStream);
        var text = await reader.ReadToEndAsync();
        var head = await s3.GetObjectMetadataAsync(bucket, "docs/hello world+1.txt");
        await s3.DeleteObjectAsync(bucket, "docs/hello world+1.txt");
        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "docs/hello world+1.txt"));

        Assert.Equal("hello, s3", text);
        Assert.Equal(S3Clients.ETagOf(Encoding.UTF8.GetBytes("hello, s3")), putResponse.ETag);
        Assert.Equal(putResponse.ETag, got.ETag);
        Assert.Equal("text/plain", got.Headers.ContentType);
        Assert.Equal("orders", got.Metadata["owner"]);
        Assert.Equal("max-age=60", got.Headers.CacheControl);
        Assert.Equal("attachment; filename=\"hello.txt\"", got.Headers.ContentDisposition);
        Assert.Equal(9, head.ContentLength);
        Assert.Equal("orders", head.Metadata["x-amz-meta-owner"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NoSuchKey", missing.ErrorCode);
    }

    [Fact]
    public async Task ListBucketsAndLocation_ShowTheBucketsOfTheAccount()
    {
        using var s3 = fixture.CreateClient();
        using var other = fixture.CreateClient(accessKeyId: "111111111111");
        var bucket = S3Clients.NewBucket();
        await s3.PutBucketAsync(bucket);

        var mine = await s3.ListBucketsAsync();
        var theirs = await other.ListBucketsAsync();
        var location = await s3.GetBucketLocationAsync(bucket);
        var denied = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => other.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));

        Assert.Contains(mine.Buckets, b => b.BucketName == bucket);
        Assert.DoesNotContain(theirs.Buckets ?? [], b => b.BucketName == bucket);
        Assert.True(string.IsNullOrEmpty(location.Location?.Value));
        Assert.Equal("AccessDenied", denied.ErrorCode);
    }

    [Fact]
    public async Task ListObjectsV2_PagesWithDelimiterPrefixAndContinuation()
    {
        using var s3 = fixture.CreateClient();
        var bucket = S3Clients.NewBucket();
        await s3.PutBucketAsync(bucket);
        string[] keys = ["a.txt", "b/1.txt", "b/2.txt", "c/x/1.txt", "d.txt", "e.txt"];
        foreach (var key in keys)
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }

        var rolled = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Delimiter = "/" });
        var pages = new List<string>();
        string? token = null;
        var truncations = 0;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 2, ContinuationToken = token });
            pages.AddRange(page.S3Objects.Select(o => o.Key));
            token = page.NextContinuationToken;
            truncations += page.IsTruncated == true ? 1 : 0;
        }
        while (token is not null);
        var prefixed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "b/", StartAfter = "b/1.txt" });
        var v1 = await s3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, Delimiter = "/", MaxKeys = 2 });

        Assert.Equal(["a.txt", "d.txt", "e.txt"], rolled.S3Objects.Select(o => o.Key));
        Assert.Equal(["b/", "c/"], rolled.CommonPrefixes);
        Assert.Equal(5, rolled.KeyCount);
        Assert.Equal(keys, pages);
        Assert.Equal(2, truncations);
        Assert.Equal(["b/2.txt"], prefixed.S3Objects.Select(o => o.Key));
        Assert.True(v1.IsTruncated);
        Assert.Equal(["a.txt"], v1.S3Objects.Select(o => o.Key));
        Assert.Equal(["b/"], v1.CommonPrefixes);
        Assert.Equal("b/", v1.NextMarker);
    }

    [Fact]
    public async Task MultipartUpload_CompletesWithTheMultipartETag()
    {
        using var s3 = fixture.CreateClient();
        var bucket = S3Clients.NewBucket();
        await s3.PutBucketAsync(bucket);
        var first = S3Clients.RandomBytes(5 * 1024 * 1024, 1);
        var second = S3Clients.RandomBytes(1024, 2);
        var init = await s3.InitiateMultipartUploadAsync(bucket, "big.bin");
        var uploads = await s3.ListMultipartUploadsAsync(bucket);
        var part1 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "big.bin", UploadId = init.UploadId, PartNumber = 1, InputStream = new MemoryStream(first) });
        var part2 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "big.bin", UploadId = init.UploadId, PartNumber = 2, InputStream = new MemoryStream(second) });
        var parts = await s3.ListPartsAsync(bucket, "big.bin", init.UploadId);
        var complete = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "big.bin",
            UploadId = init.UploadId,
            PartETags = [new PartETag(1, part1.ETag), new PartETag(2, part2.ETag)],
        });
        using var got = await s3.GetObjectAsync(bucket, "big.bin");
        using var buffer = new MemoryStream();
        await got.ResponseStream.CopyToAsync(buffer);

        var md5s = S3Clients.Md5(first).Concat(S3Clients.Md5(second)).ToArray();
        var expected = "\"" + Convert.ToHexStringLower(S3Clients.Md5(md5s)) + "-2\"";
        Assert.Contains(uploads.MultipartUploads, u => u.UploadId == init.UploadId && u.Key == "big.bin");
        Assert.Equal([1, 2], parts.Parts.Select(p => p.PartNumber ?? 0));
        Assert.Equal(expected, complete.ETag);
        Assert.Equal(expected, got.ETag);
        Assert.Equal(first.Concat(second).ToArray(), buffer.ToArray());
    }

    [Fact]
    public async Task MultipartUpload_RefusesSmallAndUnknownParts()
    {
        using var s3 = fixture.CreateClient();
        var bucket = S3Clients.NewBucket();
        await s3.PutBucketAsync(bucket);
        var init = await s3.InitiateMultipartUploadAsync(bucket, "k");
        var p1 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = init.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[10]) });
        var p2 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = init.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[10]) });

        Task Complete(params PartETag[] parts) => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "k", UploadId = init.UploadId, PartETags = [.. parts] });
        var small = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Complete(new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)));
        var unknown = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => Complete(new PartETag(1, p1.ETag), new PartETag(3, p2.ETag)));
        await s3.AbortMultipartUploadAsync(bucket, "k", init.UploadId);
        var aborted = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.ListPartsAsync(bucket, "k", init.UploadId));

        Assert.Equal("EntityTooSmall", small.ErrorCode);
        Assert.Equal("InvalidPart", unknown.ErrorCode);
        Assert.Equal("NoSuchUpload", aborted.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, aborted.StatusCode);
    }

    [Fact]
    public async Task CopyObject_CopiesOrReplacesMetadata()
    {
        using var s3 = fixture.CreateClient();
        var bucket = S3Clients.NewBucket();
        await s3.PutBucketAsync(bucket);
        var put = new PutObjectRequest { BucketName = bucket, Key = "src", ContentBody = "copy me", ContentType = "text/plain" };
        put.Metadata.Add("a", "1");
        await s3.PutObjectAsync(put);

        await s3.CopyObjectAsync(bucket, "src", bucket, "same");
        var replace = new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "new", MetadataDirective = S3MetadataDirective.REPLACE, ContentType = "application/json" };
        replace.Metadata.Add("b", "2");
        await s3.CopyObjectAsync(replace);
        var same = await s3.GetObjectMetadataAsync(bucket, "same");
        var replaced = await s3.GetObjectMetadataAsync(bucket, "new");
        var self = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.CopyObjectAsync(bucket, "src", bucket, "src"));

        Assert.Equal("1", same.Metadata["x-amz-meta-a"]);
        Assert.Equal("text/plain", same.Headers.ContentType);
        Assert.Equal("2", replaced.Metadata["x-amz-meta-b"]);
        Assert.Null(replaced.Metadata["x-amz-meta-a"]);
        Assert.Equal("application/json", replaced.Headers.ContentType);
        Assert.Equal("InvalidRequest", self.ErrorCode);
    }

    [Fact]
    public async Task Versioning_KeepsVersionsAndDeleteMarkers()
    {
        using var s3 = fixture.CreateClient();
        var bucket = S3Clients.NewBucket();
        await s3.PutBucketAsync(bucket);
        await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        var v1 = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "one" });
        var v2 = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "two" });
        var deleted = await s3.DeleteObjectAsync(bucket, "k");
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "k"));
        using var first = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", VersionId = v1.VersionId });
        using var reader = new StreamReader(first.ResponseStream);
        var versions = await s3.ListVersionsAsync(bucket);
        var status = await s3.GetBucketVersioningAsync(bucket);
        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "k", VersionId = deleted.VersionId });
        using var restored = await s3.GetObjectAsync(bucket, "k");

        Assert.NotEqual(v1.VersionId, v2.VersionId);
        Assert.Equal("true", deleted.DeleteMarker);
        Assert.Equal("NoSuchKey", gone.ErrorCode);
        Assert.Equal("one", await reader.ReadToEndAsync());
        Assert.Equal(3, versions.Versions.Count);
        Assert.Single(versions.Versions, v => v.IsDeleteMarker == true && v.IsLatest == true);
        Assert.Equal(VersionStatus.Enabled, status.VersioningConfig.Status);
        Assert.Equal(v2.VersionId, restored.VersionId);
    }

    [Fact]
    public async Task BucketPolicyAndDeleteObjects_AreStoredAndReported()
    {
        using var s3 = fixture.CreateClient();
        var bucket = S3Clients.NewBucket();
        await s3.PutBucketAsync(bucket);
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}""";
        await s3.PutBucketPolicyAsync(bucket, policy);
        var got = await s3.GetBucketPolicyAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "x", ContentBody = "x" });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "y", ContentBody = "y" });
        var notEmpty = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.DeleteBucketAsync(bucket));
        var deleted = await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [new KeyVersion { Key = "x" }, new KeyVersion { Key = "y" }, new KeyVersion { Key = "z" }] });
        await s3.DeleteBucketPolicyAsync(bucket);
        await s3.DeleteBucketAsync(bucket);
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "x"));

        Assert.Equal(policy, got.Policy);
        Assert.Equal("BucketNotEmpty", notEmpty.ErrorCode);
        Assert.Equal(HttpStatusCode.Conflict, notEmpty.StatusCode);
        Assert.Equal(["x", "y", "z"], deleted.DeletedObjects.Select(d => d.Key));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task GetObject_RangeAndConditions()
    {
        using var s3 = fixture.CreateClient();
        var bucket = S3Clients.NewBucket();
        await s3.PutBucketAsync(bucket);
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "r", ContentBody = "0123456789" });

        using var ranged = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "r", ByteRange = new ByteRange(2, 5) });
        using var reader = new StreamReader(ranged.ResponseStream);
        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "r", EtagToNotMatch = put.ETag }));
        var failed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "r", EtagToMatch = "\"nope\"" }));

        Assert.Equal("2345", await reader.ReadToEndAsync());
        Assert.Equal(HttpStatusCode.PartialContent, ranged.HttpStatusCode);
        Assert.Equal("bytes 2-5/10", ranged.ContentRange);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);
        Assert.Equal("PreconditionFailed", failed.ErrorCode);
    }

    [Fact]
    public async Task PutObject_WithChecksums_EchoesAndReturnsThem()
    {
        using var s3 = fixture.CreateClient();
        var bucket = S3Clients.NewBucket();
        await s3.PutBucketAsync(bucket);
        foreach (var algorithm in new[] { ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256, ChecksumAlgorithm.CRC64NVME })
        {
            var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "c-" + algorithm.Value, ContentBody = "checksummed body", ChecksumAlgorithm = algorithm });
            using var got = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c-" + algorithm.Value, ChecksumMode = ChecksumMode.ENABLED });
            using var reader = new StreamReader(got.ResponseStream);
            Assert.Equal("checksummed body", await reader.ReadToEndAsync());
            var expected = algorithm.Value switch
            {
                "CRC32" => put.ChecksumCRC32,
                "CRC32C" => put.ChecksumCRC32C,
                "SHA1" => put.ChecksumSHA1,
                "SHA256" => put.ChecksumSHA256,
                _ => put.ChecksumCRC64NVME,
            };
            Assert.False(string.IsNullOrEmpty(expected), algorithm.Value);
        }
    }
}
