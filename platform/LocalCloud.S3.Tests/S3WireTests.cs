using System.Net;
using System.Text;
using System.Xml.Linq;
using LocalCloud.S3.Protocol;

namespace LocalCloud.S3.Tests;

/// <summary>Exact wire shapes with a raw <see cref="HttpClient"/>: errors, headers, chunked bodies, virtual hosts.</summary>
public sealed class S3WireTests(S3HostFixture fixture) : IClassFixture<S3HostFixture>
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, string region = "us-east-1", Action<HttpRequestMessage>? configure = null)
    {
        using var http = fixture.CreateRawClient();
        using var request = S3Clients.Request(method, path, content, region);
        configure?.Invoke(request);
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task<string> NewBucketAsync()
    {
        var bucket = S3Clients.NewBucket("w");
        using var created = await SendAsync(HttpMethod.Put, "/" + bucket);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        return bucket;
    }

    [Fact]
    public async Task NoSuchBucket_IsAnS3ErrorDocumentWithRequestIds()
    {
        using var response = await SendAsync(HttpMethod.Get, "/no-such-bucket-here/key");
        var error = XElement.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Error", error.Name.LocalName);
        Assert.Equal("NoSuchBucket", error.Element("Code")?.Value);
        Assert.Equal("The specified bucket does not exist", error.Element("Message")?.Value);
        Assert.Equal("no-such-bucket-here", error.Element("BucketName")?.Value);
        var requestId = Assert.Single(response.Headers.GetValues("x-amz-request-id"));
        Assert.Equal(requestId, error.Element("RequestId")?.Value);
        Assert.Equal(Assert.Single(response.Headers.GetValues("x-amz-id-2")), error.Element("HostId")?.Value);
    }

    [Fact]
    public async Task MissingKey_IsNoSuchKeyAndHeadIs404WithoutBody()
    {
        var bucket = await NewBucketAsync();
        using var get = await SendAsync(HttpMethod.Get, $"/{bucket}/missing/key.txt");
        using var head = await SendAsync(HttpMethod.Head, $"/{bucket}/missing/key.txt");
        var error = XElement.Parse(await get.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("NoSuchKey", error.Element("Code")?.Value);
        Assert.Equal("missing/key.txt", error.Element("Key")?.Value);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.True(head.Headers.Contains("x-amz-request-id"));
    }

    [Theory]
    [InlineData("UPPER-case")]
    [InlineData("ab")]
    [InlineData("bad..dots")]
    [InlineData("192.168.1.1")]
    [InlineData("-leading")]
    [InlineData("xn--punycode")]
    public async Task CreateBucket_WithABadName_IsInvalidBucketName(string name)
    {
        using var response = await SendAsync(HttpMethod.Put, "/" + name);
        var error = XElement.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidBucketName", error.Element("Code")?.Value);
    }

    [Fact]
    public async Task CreateBucket_Again_FollowsS3sRegionRules()
    {
        var bucket = S3Clients.NewBucket("r");
        using var first = await SendAsync(HttpMethod.Put, "/" + bucket);
        using var again = await SendAsync(HttpMethod.Put, "/" + bucket);
        using var otherAccount = await SendAsync(HttpMethod.Put, "/" + bucket, configure: r =>
        {
            r.Headers.Remove("Authorization");
            r.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00");
        });
        var regional = S3Clients.NewBucket("r");
        var configuration = """<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>""";
        using var euFirst = await SendAsync(HttpMethod.Put, "/" + regional, new StringContent(configuration), "eu-west-1");
        using var euAgain = await SendAsync(HttpMethod.Put, "/" + regional, new StringContent(configuration), "eu-west-1");
        using var head = await SendAsync(HttpMethod.Head, "/" + regional, region: "eu-west-1");
        using var location = await SendAsync(HttpMethod.Get, $"/{regional}?location", region: "eu-west-1");
        using var usLocation = await SendAsync(HttpMethod.Get, $"/{bucket}?location");
        using var mismatch = await SendAsync(HttpMethod.Put, "/" + S3Clients.NewBucket("r"), new StringContent(configuration), "us-west-2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, otherAccount.StatusCode);
        Assert.Contains("<Code>BucketAlreadyExists</Code>", await otherAccount.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, euFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, euAgain.StatusCode);
        Assert.Contains("<Code>BucketAlreadyOwnedByYou</Code>", await euAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("eu-west-1", Assert.Single(head.Headers.GetValues("x-amz-bucket-region")));
        Assert.Equal("eu-west-1", XElement.Parse(await location.Content.ReadAsStringAsync()).Value);
        Assert.Equal(string.Empty, XElement.Parse(await usLocation.Content.ReadAsStringAsync()).Value);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("IllegalLocationConstraintException", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutObject_WithAWrongContentMd5_IsBadDigestAndStoresNothing()
    {
        var bucket = await NewBucketAsync();
        using var bad = await SendAsync(HttpMethod.Put, $"/{bucket}/k", new StringContent("body"), configure: r =>
            r.Content!.Headers.TryAddWithoutValidation("Content-MD5", Convert.ToBase64String(new byte[16])));
        using var invalid = await SendAsync(HttpMethod.Put, $"/{bucket}/k", new StringContent("body"), configure: r =>
            r.Content!.Headers.TryAddWithoutValidation("Content-MD5", "not-md5"));
        using var good = await SendAsync(HttpMethod.Put, $"/{bucket}/k2", new StringContent("body"), configure: r =>
            r.Content!.Headers.TryAddWithoutValidation("Content-MD5", Convert.ToBase64String(S3Clients.Md5(Encoding.UTF8.GetBytes("body")))));
        using var get = await SendAsync(HttpMethod.Get, $"/{bucket}/k");

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("<Code>BadDigest</Code>", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("<Code>InvalidDigest</Code>", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(S3Clients.ETagOf(Encoding.UTF8.GetBytes("body")), good.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task PutObject_AwsChunkedSigned_IsDecoded()
    {
        var bucket = await NewBucketAsync();
        var body = "5;chunk-signature=aaaa\r\nhello\r\n6;chunk-signature=bbbb\r\n world\r\n0;chunk-signature=cccc\r\n\r\n";
        using var put = await SendAsync(HttpMethod.Put, $"/{bucket}/chunked", new StringContent(body), configure: r =>
        {
            r.Headers.Remove("x-amz-content-sha256");
            r.Headers.TryAddWithoutValidation("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
            r.Headers.TryAddWithoutValidation("x-amz-decoded-content-length", "11");
            r.Content!.Headers.ContentEncoding.Add("aws-chunked");
            r.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        });
        using var get = await SendAsync(HttpMethod.Get, $"/{bucket}/chunked");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("hello world", await get.Content.ReadAsStringAsync());
        Assert.Equal(11, get.Content.Headers.ContentLength);
        Assert.Empty(get.Content.Headers.ContentEncoding);
        Assert.Equal("text/plain", get.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PutObject_UnsignedTrailer_ChecksItsChecksum()
    {
        var bucket = await NewBucketAsync();
        var crc = ChecksumCalculator.Compute("CRC32", Encoding.UTF8.GetBytes("hello"));
        Task<HttpResponseMessage> PutAsync(string key, string trailer) => SendAsync(HttpMethod.Put, $"/{bucket}/{key}",
            new StringContent($"5\r\nhello\r\n0\r\nx-amz-checksum-crc32:{trailer}\r\n\r\n"), configure: r =>
            {
                r.Headers.Remove("x-amz-content-sha256");
                r.Headers.TryAddWithoutValidation("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
                r.Headers.TryAddWithoutValidation("x-amz-decoded-content-length", "5");
                r.Headers.TryAddWithoutValidation("x-amz-trailer", "x-amz-checksum-crc32");
                r.Content!.Headers.ContentEncoding.Add("aws-chunked");
            });
        using var good = await PutAsync("good", crc);
        using var bad = await PutAsync("bad", "AAAAAA==");
        using var get = await SendAsync(HttpMethod.Get, $"/{bucket}/good", configure: r => r.Headers.TryAddWithoutValidation("x-amz-checksum-mode", "ENABLED"));

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(crc, Assert.Single(good.Headers.GetValues("x-amz-checksum-crc32")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("<Code>BadDigest</Code>", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("hello", await get.Content.ReadAsStringAsync());
        Assert.Equal(crc, Assert.Single(get.Headers.GetValues("x-amz-checksum-crc32")));
    }

    [Fact]
    public async Task PutObject_LargerThanTheHostBodyLimit_Streams()
    {
        var bucket = await NewBucketAsync();
        var data = S3Clients.RandomBytes(20 * 1024 * 1024, 7);
        using var put = await SendAsync(HttpMethod.Put, $"/{bucket}/big", S3Clients.Bytes(data));
        using var head = await SendAsync(HttpMethod.Head, $"/{bucket}/big");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(S3Clients.ETagOf(data), put.Headers.ETag?.Tag);
        Assert.Equal(data.Length, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task GetObject_RangesOverridesAndConditions()
    {
        var bucket = await NewBucketAsync();
        using var put = await SendAsync(HttpMethod.Put, $"/{bucket}/r", new StringContent("0123456789"));
        var etag = put.Headers.ETag!.Tag;
        using var suffix = await SendAsync(HttpMethod.Get, $"/{bucket}/r", configure: r => r.Headers.TryAddWithoutValidation("Range", "bytes=-3"));
        using var open = await SendAsync(HttpMethod.Get, $"/{bucket}/r", configure: r => r.Headers.TryAddWithoutValidation("Range", "bytes=7-"));
        using var beyond = await SendAsync(HttpMethod.Get, $"/{bucket}/r", configure: r => r.Headers.TryAddWithoutValidation("Range", "bytes=20-30"));
        using var overridden = await SendAsync(HttpMethod.Get, $"/{bucket}/r?response-content-type=application%2Fjson&response-content-disposition=inline");
        using var notModified = await SendAsync(HttpMethod.Get, $"/{bucket}/r", configure: r => r.Headers.TryAddWithoutValidation("If-None-Match", etag));
        using var since = await SendAsync(HttpMethod.Get, $"/{bucket}/r", configure: r => r.Headers.TryAddWithoutValidation("If-Modified-Since", DateTimeOffset.UtcNow.AddMinutes(5).ToString("R")));
        using var unmodified = await SendAsync(HttpMethod.Get, $"/{bucket}/r", configure: r => r.Headers.TryAddWithoutValidation("If-Unmodified-Since", DateTimeOffset.UtcNow.AddDays(-1).ToString("R")));
        using var matchWins = await SendAsync(HttpMethod.Get, $"/{bucket}/r", configure: r =>
        {
            r.Headers.TryAddWithoutValidation("If-Match", etag);
            r.Headers.TryAddWithoutValidation("If-Unmodified-Since", DateTimeOffset.UtcNow.AddDays(-1).ToString("R"));
        });

        Assert.Equal(HttpStatusCode.PartialContent, suffix.StatusCode);
        Assert.Equal("789", await suffix.Content.ReadAsStringAsync());
        Assert.Equal("bytes 7-9/10", suffix.Content.Headers.ContentRange?.ToString());
        Assert.Equal("789", await open.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);
        Assert.Contains("<Code>InvalidRange</Code>", await beyond.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("application/json", overridden.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", overridden.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, since.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, unmodified.StatusCode);
        Assert.Contains("<Condition>If-Unmodified-Since</Condition>", await unmodified.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, matchWins.StatusCode);
    }

    [Fact]
    public async Task ListObjectsV2_EncodingTypeUrl_EncodesKeys()
    {
        var bucket = await NewBucketAsync();
        using var put = await SendAsync(HttpMethod.Put, $"/{bucket}/dir%20one/caf%C3%A9+%26.txt", new StringContent("x"));
        using var list = await SendAsync(HttpMethod.Get, $"/{bucket}?list-type=2&encoding-type=url&fetch-owner=true");
        var result = XElement.Parse(await list.Content.ReadAsStringAsync());
        var contents = Assert.Single(result.Elements(S3 + "Contents"));

        Assert.Equal(S3 + "ListBucketResult", result.Name);
        Assert.Equal("dir+one/caf%C3%A9%2B%26.txt", contents.Element(S3 + "Key")?.Value);
        Assert.Equal("url", result.Element(S3 + "EncodingType")?.Value);
        Assert.Equal("1", result.Element(S3 + "KeyCount")?.Value);
        Assert.Equal("false", result.Element(S3 + "IsTruncated")?.Value);
        Assert.NotNull(contents.Element(S3 + "Owner")?.Element(S3 + "ID"));
        Assert.Equal("STANDARD", contents.Element(S3 + "StorageClass")?.Value);
    }

    [Fact]
    public async Task UnknownSubresource_IsNotImplemented()
    {
        var bucket = await NewBucketAsync();
        using var response = await SendAsync(HttpMethod.Get, $"/{bucket}?lifecycle");

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Contains("<Code>NotImplemented</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BucketPolicy_MissingAndMalformed()
    {
        var bucket = await NewBucketAsync();
        using var missing = await SendAsync(HttpMethod.Get, $"/{bucket}?policy");
        using var malformed = await SendAsync(HttpMethod.Put, $"/{bucket}?policy", new StringContent("not json"));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("<Code>NoSuchBucketPolicy</Code>", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("<Code>MalformedPolicy</Code>", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteMultipartUpload_OutOfOrder_IsInvalidPartOrder()
    {
        var bucket = await NewBucketAsync();
        using var created = await SendAsync(HttpMethod.Post, $"/{bucket}/mp?uploads");
        var uploadId = XElement.Parse(await created.Content.ReadAsStringAsync()).Element(S3 + "UploadId")!.Value;
        using var p1 = await SendAsync(HttpMethod.Put, $"/{bucket}/mp?partNumber=1&uploadId={Uri.EscapeDataString(uploadId)}", new StringContent("a"));
        using var p2 = await SendAsync(HttpMethod.Put, $"/{bucket}/mp?partNumber=2&uploadId={Uri.EscapeDataString(uploadId)}", new StringContent("b"));
        using var badNumber = await SendAsync(HttpMethod.Put, $"/{bucket}/mp?partNumber=10001&uploadId={Uri.EscapeDataString(uploadId)}", new StringContent("b"));
        var xml = $"<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>{p2.Headers.ETag!.Tag}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>{p1.Headers.ETag!.Tag}</ETag></Part></CompleteMultipartUpload>";
        using var complete = await SendAsync(HttpMethod.Post, $"/{bucket}/mp?uploadId={Uri.EscapeDataString(uploadId)}", new StringContent(xml));

        Assert.Equal(HttpStatusCode.BadRequest, complete.StatusCode);
        Assert.Contains("<Code>InvalidPartOrder</Code>", await complete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        Assert.Contains("<Code>InvalidArgument</Code>", await badNumber.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VirtualHostStyle_AddressesTheBucketByHostName()
    {
        var bucket = await NewBucketAsync();
        using var http = new HttpClient(LoopbackHttpClientFactory.Handler());
        var baseUrl = $"http://{bucket}.s3.localhost:{fixture.Endpoint.Port}";
        using var put = await http.PutAsync(baseUrl + "/nested/key.txt", new StringContent("virtual"));
        var got = await http.GetStringAsync(baseUrl + "/nested/key.txt");
        var list = XElement.Parse(await http.GetStringAsync(baseUrl + "/?list-type=2"));
        var buckets = await http.GetStringAsync($"http://s3.localhost:{fixture.Endpoint.Port}/");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("virtual", got);
        Assert.Equal("nested/key.txt", list.Element(S3 + "Contents")?.Element(S3 + "Key")?.Value);
        Assert.Contains($"<Name>{bucket}</Name>", buckets, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteObjects_QuietReportsOnlyErrors()
    {
        var bucket = await NewBucketAsync();
        using var put = await SendAsync(HttpMethod.Put, $"/{bucket}/a", new StringContent("a"));
        var xml = "<Delete><Quiet>true</Quiet><Object><Key>a</Key></Object><Object><Key></Key></Object></Delete>";
        using var deleted = await SendAsync(HttpMethod.Post, $"/{bucket}?delete", new StringContent(xml));
        var result = XElement.Parse(await deleted.Content.ReadAsStringAsync());
        using var gone = await SendAsync(HttpMethod.Head, $"/{bucket}/a");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Empty(result.Elements(S3 + "Deleted"));
        Assert.Equal("InvalidArgument", Assert.Single(result.Elements(S3 + "Error")).Element(S3 + "Code")?.Value);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("CRC32", "CBF43926")]
    [InlineData("CRC32C", "E3069283")]
    [InlineData("CRC64NVME", "AE8B14860A799888")]
    public void Checksums_MatchTheStandardCheckValues(string algorithm, string check)
    {
        var value = ChecksumCalculator.Compute(algorithm, "123456789"u8);

        Assert.Equal(check, Convert.ToHexString(Convert.FromBase64String(value)));
    }
}
