using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using LocalCloud.Core.Hosting;
using LocalCloud.S3.Model;
using LocalCloud.S3.Protocol;
using LocalCloud.S3.Wire;
using Microsoft.AspNetCore.Http;

namespace LocalCloud.S3;

/// <summary>A body received into a file: its size, MD5 and the flexible checksums it declared (by header name).</summary>
internal sealed record ReceivedBody(string Blob, long Size, byte[] Md5, Dictionary<string, string> Checksums)
{
    public string ETag => "\"" + Convert.ToHexStringLower(Md5) + "\"";
}

internal sealed partial class S3Service
{
    private const int DefaultMaxKeys = 1000;
    private const int MaxMetadataBytes = 2048;

    /// <summary>Request headers S3 stores with an object and returns on GET and HEAD.</summary>
    private static readonly string[] StoredHeaders =
    [
        "Content-Type", "Content-Disposition", "Content-Language", "Cache-Control", "Expires",
        "x-amz-website-redirect-location", "x-amz-storage-class", "x-amz-object-lock-mode",
        "x-amz-object-lock-retain-until-date", "x-amz-object-lock-legal-hold",
    ];

    // PutObject

    private async Task PutObjectAsync(S3Call call)
    {
        var bucket = _catalog.Require(call.Scope, call.Bucket);
        ValidateKey(call.Key);
        var headers = ObjectHeaders(call);
        var body = await ReceiveAsync(call, MaxObjectSize);
        foreach (var (name, value) in body.Checksums)
        {
            headers[name] = value;
        }

        var draft = new ObjectRecord(call.Bucket, call.Key, VersioningStatus.NullVersion, 0, true, false, body.Size, body.ETag, _time.GetUtcNow(), headers, body.Blob);
        var written = await CommitAsync(draft, body.Blob);
        var response = call.Response;
        response.Headers.ETag = written.ETag;
        response.Headers["x-amz-server-side-encryption"] = headers["x-amz-server-side-encryption"];
        WriteVersionHeader(call, bucket, written.VersionId);
        foreach (var (name, value) in body.Checksums)
        {
            response.Headers[name] = value;
        }

        response.StatusCode = 200;
        response.ContentLength = 0;
        _activity.Publish("s3", "object.put", $"s3://{call.Bucket}/{call.Key} ({body.Size} bytes)",
            new Dictionary<string, string> { ["bucket"] = call.Bucket, ["key"] = call.Key, ["size"] = S3Catalog.Count(body.Size) });
    }

    /// <summary>Stores the row for a complete file; the file is deleted if the row cannot be written.</summary>
    private async Task<ObjectRecord> CommitAsync(ObjectRecord draft, string blob, string? completesUpload = null)
    {
        ObjectWrite write;
        try
        {
            write = await _store.PutObjectAsync(draft, NewVersionId(), completesUpload);
        }
        catch
        {
            _files.Delete(blob);
            throw;
        }

        _files.Delete(write.UnreferencedBlobs);
        return write.Object;
    }

    /// <summary>
    /// Streams the request body (decoded when it is <c>aws-chunked</c>) into a new file, computing its MD5 and the
    /// checksums the request declares, then checks <c>Content-MD5</c>, the declared checksums (headers or trailers)
    /// and the length, and flushes the file to disk.
    /// </summary>
    private async Task<ReceivedBody> ReceiveAsync(S3Call call, long maxSize)
    {
        var request = call.Request;
        var expectedMd5 = ParseContentMd5(call.Header("Content-MD5"));
        var contentSha = call.Header("x-amz-content-sha256") ?? string.Empty;
        var encoding = call.Header("Content-Encoding") ?? string.Empty;
        var isChunked = contentSha.StartsWith("STREAMING-", StringComparison.Ordinal) || encoding.Contains("aws-chunked", StringComparison.OrdinalIgnoreCase);
        long? declared = request.ContentLength;
        if (isChunked)
        {
            declared = long.TryParse(call.Header("x-amz-decoded-content-length"), NumberStyles.None, CultureInfo.InvariantCulture, out var decoded) ? decoded : null;
        }

        if (declared > maxSize)
        {
            throw S3Errors.EntityTooLarge(declared.Value, maxSize);
        }

        var calculators = DeclaredChecksums(call);
        var chunked = isChunked ? new AwsChunkedStream(request.Body) : null;
        var source = chunked ?? request.Body;
        var blob = ObjectFiles.NewBlob();
        long size = 0;
        byte[] md5;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            await using (var file = _files.Create(blob))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await source.ReadAsync(buffer, call.Aborted)) > 0)
                {
                    size += read;
                    if (size > maxSize)
                    {
                        throw S3Errors.EntityTooLarge(size, maxSize);
                    }

                    var data = buffer.AsSpan(0, read);
                    hash.AppendData(data);
                    foreach (var calculator in calculators)
                    {
                        calculator.Append(data);
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), call.Aborted);
                }

                await file.FlushAsync(call.Aborted);
                file.Flush(flushToDisk: true);
            }

            md5 = hash.GetHashAndReset();
            if (declared is not null && size != declared)
            {
                throw S3Errors.IncompleteBody();
            }

            if (expectedMd5 is not null && !expectedMd5.AsSpan().SequenceEqual(md5))
            {
                throw S3Errors.BadDigest("The Content-MD5 you specified did not match what we received.");
            }

            var checksums = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var calculator in calculators)
            {
                var computed = calculator.Result();
                var expected = call.Header(calculator.HeaderName) ?? (chunked?.Trailers.TryGetValue(calculator.HeaderName, out var trailer) == true ? trailer : null);
                if (expected is not null && expected != computed)
                {
                    throw S3Errors.BadDigest($"The {calculator.Algorithm} you specified did not match the calculated checksum.");
                }

                checksums[calculator.HeaderName] = computed;
            }

            return new ReceivedBody(blob, size, md5, checksums);
        }
        catch
        {
            _files.Delete(blob);
            throw;
        }
        finally
        {
            foreach (var calculator in calculators)
            {
                calculator.Dispose();
            }
        }
    }

    private static byte[]? ParseContentMd5(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var bytes = new byte[16];
        return Convert.TryFromBase64String(header.Trim(), bytes, out var written) && written == 16 ? bytes : throw S3Errors.InvalidDigest();
    }

    /// <summary>The checksums a request asks for: <c>x-amz-checksum-*</c> headers, <c>x-amz-sdk-checksum-algorithm</c>,
    /// and checksums announced as trailers (<c>x-amz-trailer</c>).</summary>
    private static List<ChecksumCalculator> DeclaredChecksums(S3Call call)
    {
        var algorithms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var algorithm in ChecksumCalculator.Algorithms)
        {
            if (call.Header("x-amz-checksum-" + algorithm.ToLowerInvariant()) is not null)
            {
                algorithms.Add(algorithm);
            }
        }

        if (call.Header("x-amz-sdk-checksum-algorithm") is { } sdk && ChecksumCalculator.IsKnown(sdk))
        {
            algorithms.Add(sdk.ToUpperInvariant());
        }

        if (call.Header("x-amz-trailer") is { } trailer)
        {
            foreach (var name in trailer.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (name.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase) && ChecksumCalculator.IsKnown(name["x-amz-checksum-".Length..]))
                {
                    algorithms.Add(name["x-amz-checksum-".Length..].ToUpperInvariant());
                }
            }
        }

        return [.. algorithms.Select(ChecksumCalculator.Create)];
    }

    /// <summary>The headers stored with a new object: the standard ones, user metadata (lower-cased names), the tag count.</summary>
    private static Dictionary<string, string> ObjectHeaders(S3Call call)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in StoredHeaders)
        {
            if (call.Header(name) is { } value)
            {
                headers[name] = value;
            }
        }

        headers["Content-Type"] = call.Header("Content-Type") ?? "binary/octet-stream";
        var encodings = (call.Header("Content-Encoding") ?? string.Empty)
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(e => !e.Equals("aws-chunked", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (encodings.Count > 0)
        {
            headers["Content-Encoding"] = string.Join(",", encodings);
        }

        headers["x-amz-server-side-encryption"] = call.Header("x-amz-server-side-encryption") ?? "AES256";
        var metadataBytes = 0;
        foreach (var (name, value) in call.Request.Headers)
        {
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                var lower = name.ToLowerInvariant();
                headers[lower] = value.ToString();
                metadataBytes += Encoding.UTF8.GetByteCount(lower["x-amz-meta-".Length..]) + Encoding.UTF8.GetByteCount(value.ToString());
            }
        }

        if (metadataBytes > MaxMetadataBytes)
        {
            throw S3Errors.Error("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size", 400,
                ("Size", S3Catalog.Count(metadataBytes)), ("MaxSizeAllowed", S3Catalog.Count(MaxMetadataBytes)));
        }

        if (call.Header("x-amz-tagging") is { Length: > 0 } tagging)
        {
            headers["x-amz-tagging-count"] = S3Catalog.Count(tagging.Split('&', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        if (headers.TryGetValue("x-amz-storage-class", out var storageClass) && storageClass == "STANDARD")
        {
            headers.Remove("x-amz-storage-class");
        }

        return headers;
    }

    private static void ValidateKey(string key)
    {
        if (key.Length == 0)
        {
            throw S3Errors.InvalidArgument("Key cannot be empty", "key", key);
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw S3Errors.Error("KeyTooLongError", "Your key is too long", 400,
                ("MaxSizeAllowed", S3Catalog.Count(MaxKeyBytes)), ("Size", S3Catalog.Count(Encoding.UTF8.GetByteCount(key))));
        }
    }

    private static void WriteVersionHeader(S3Call call, BucketRecord bucket, string versionId)
    {
        if (bucket.Versioning is not null || versionId != VersioningStatus.NullVersion)
        {
            call.Response.Headers["x-amz-version-id"] = versionId;
        }
    }

    private static string NewVersionId()
    {
        Span<byte> bytes = stackalloc byte[24];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '.').Replace('/', '_');
    }

    // GetObject, HeadObject

    private async Task GetObjectAsync(S3Call call)
    {
        var bucket = _catalog.Require(call.Scope, call.Bucket);
        var versionId = call.Query("versionId");
        var found = FindObject(call, bucket, versionId);
        var response = call.Response;
        var preconditions = Preconditions.Evaluate(call.Request.Headers, found.ETag, found.LastModified);
        if (preconditions is not null)
        {
            if (preconditions.Status == 304)
            {
                response.Headers.ETag = found.ETag;
                response.Headers.LastModified = S3Xml.HttpDate(found.LastModified);
                response.StatusCode = 304;
                return;
            }

            throw S3Errors.PreconditionFailed(preconditions.Condition);
        }

        var range = Ranges.Parse(call.Header("Range"), found.Size);
        foreach (var (name, value) in found.Headers)
        {
            if (name.StartsWith("x-amz-checksum-", StringComparison.Ordinal))
            {
                if (range is null && string.Equals(call.Header("x-amz-checksum-mode"), "ENABLED", StringComparison.OrdinalIgnoreCase))
                {
                    response.Headers[name] = value;
                    response.Headers["x-amz-checksum-type"] = "FULL_OBJECT";
                }

                continue;
            }

            response.Headers[name] = value;
        }

        response.Headers.ETag = found.ETag;
        response.Headers.LastModified = S3Xml.HttpDate(found.LastModified);
        response.Headers.AcceptRanges = "bytes";
        WriteVersionHeader(call, bucket, found.VersionId);
        if (found.Headers.TryGetValue("x-amz-mp-parts-count", out var parts))
        {
            response.Headers["x-amz-mp-parts-count"] = parts;
        }

        if (!call.IsHead)
        {
            ApplyResponseOverrides(call);
        }

        var (offset, length) = range ?? (0, found.Size);
        if (range is not null)
        {
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {offset}-{offset + length - 1}/{found.Size}";
        }
        else
        {
            response.StatusCode = 200;
        }

        response.ContentLength = length;
        if (call.IsHead || length == 0)
        {
            return;
        }

        await using var file = _files.OpenRead(found.Blob!);
        file.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[1 << 16];
        var left = length;
        while (left > 0)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), call.Aborted);
            if (read == 0)
            {
                break;
            }

            await response.Body.WriteAsync(buffer.AsMemory(0, read), call.Aborted);
            left -= read;
        }
    }

    /// <summary>The object version a GET or HEAD names; a delete marker is 404 (latest) or 405 (by version id) with
    /// <c>x-amz-delete-marker: true</c>.</summary>
    private ObjectRecord FindObject(S3Call call, BucketRecord bucket, string? versionId)
    {
        var found = _store.GetObject(call.Bucket, call.Key, versionId);
        if (found is null)
        {
            throw versionId is null ? S3Errors.NoSuchKey(call.Key) : S3Errors.NoSuchVersion(call.Key, versionId);
        }

        if (found.IsDeleteMarker)
        {
            call.Response.Headers["x-amz-delete-marker"] = "true";
            WriteVersionHeader(call, bucket, found.VersionId);
            if (versionId is null)
            {
                throw S3Errors.NoSuchKey(call.Key);
            }

            call.Response.Headers.LastModified = S3Xml.HttpDate(found.LastModified);
            throw S3Errors.MethodNotAllowed(call.Request.Method, "DeleteMarker");
        }

        return found;
    }

    private static void ApplyResponseOverrides(S3Call call)
    {
        (string Query, string Header)[] overrides =
        [
            ("response-content-type", "Content-Type"), ("response-content-language", "Content-Language"),
            ("response-expires", "Expires"), ("response-cache-control", "Cache-Control"),
            ("response-content-disposition", "Content-Disposition"), ("response-content-encoding", "Content-Encoding"),
        ];
        foreach (var (query, header) in overrides)
        {
            if (call.Query(query) is { } value)
            {
                call.Response.Headers[header] = value;
            }
        }
    }

    // DeleteObject, DeleteObjects

    private async Task DeleteObjectAsync(S3Call call)
    {
        var bucket = _catalog.Require(call.Scope, call.Bucket);
        var deletion = await DeleteAsync(call.Bucket, call.Key, call.Query("versionId"));
        if (deletion.VersionId is not null)
        {
            WriteVersionHeader(call, bucket, deletion.VersionId);
        }

        if (deletion.DeleteMarker)
        {
            call.Response.Headers["x-amz-delete-marker"] = "true";
        }

        call.Response.StatusCode = 204;
    }

    private async Task<ObjectDeletion> DeleteAsync(string bucket, string key, string? versionId)
    {
        var deletion = await _store.DeleteObjectAsync(bucket, key, versionId, NewVersionId(), _time.GetUtcNow());
        _files.Delete(deletion.UnreferencedBlobs);
        _activity.Publish("s3", "object.deleted", $"s3://{bucket}/{key}", new Dictionary<string, string> { ["bucket"] = bucket, ["key"] = key });
        return deletion;
    }

    private async Task DeleteObjectsAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        var document = await S3Xml.ReadAsync(call.Request.Body, call.Aborted);
        if (document.Name.LocalName != "Delete")
        {
            throw S3Errors.MalformedXml();
        }

        var quiet = string.Equals(document.Child("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var objects = document.Children("Object").Select(o => (Key: o.Child("Key"), VersionId: o.Child("VersionId"))).ToList();
        if (objects.Count is 0 or > 1000 || objects.Any(o => o.Key is null))
        {
            throw S3Errors.MalformedXml();
        }

        var deleted = new List<(string Key, string? VersionId, ObjectDeletion Result)>();
        var errors = new List<(string Key, string? VersionId, ServiceException Error)>();
        foreach (var (key, versionId) in objects)
        {
            try
            {
                ValidateKey(key!);
                deleted.Add((key!, versionId, await DeleteAsync(call.Bucket, key!, versionId)));
            }
            catch (ServiceException error)
            {
                errors.Add((key!, versionId, error));
            }
        }

        await WriteXmlAsync(call, "DeleteResult", w =>
        {
            if (!quiet)
            {
                foreach (var (key, versionId, result) in deleted)
                {
                    w.WriteStartElement("Deleted");
                    w.Element("Key", key);
                    w.Element("VersionId", versionId);
                    if (result.DeleteMarker)
                    {
                        w.Element("DeleteMarker", true);
                        w.Element("DeleteMarkerVersionId", result.VersionId);
                    }

                    w.WriteEndElement();
                }
            }

            foreach (var (key, versionId, error) in errors)
            {
                w.WriteStartElement("Error");
                w.Element("Key", key);
                w.Element("VersionId", versionId);
                w.Element("Code", error.Code);
                w.Element("Message", error.Message);
                w.WriteEndElement();
            }
        });
    }

    // Listing

    private Task ListObjectsV2Async(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        var (prefix, delimiter, maxKeys, url) = ListingInputs(call);
        var token = call.Query("continuation-token");
        string? after = call.Query("start-after");
        if (token is not null)
        {
            after = DecodeToken(token);
        }

        var fetchOwner = string.Equals(call.Query("fetch-owner"), "true", StringComparison.OrdinalIgnoreCase);
        var page = _store.ListObjects(call.Bucket, prefix, string.IsNullOrEmpty(after) ? null : after, delimiter, maxKeys);
        return WriteXmlAsync(call, "ListBucketResult", w =>
        {
            w.Element("Name", call.Bucket);
            w.Element("Prefix", Encode(prefix, url));
            w.Element("Delimiter", delimiter is null ? null : Encode(delimiter, url));
            w.Element("MaxKeys", maxKeys);
            w.Element("EncodingType", url ? "url" : null);
            w.Element("KeyCount", page.Items.Count + page.CommonPrefixes.Count);
            w.Element("IsTruncated", page.IsTruncated);
            w.Element("ContinuationToken", token);
            w.Element("NextContinuationToken", page.IsTruncated && page.LastKey is not null ? EncodeToken(page.LastKey) : null);
            w.Element("StartAfter", call.Query("start-after") is { } startAfter ? Encode(startAfter, url) : null);
            WriteContents(w, page, url, fetchOwner ? call.Scope.AccountId : null);
        });
    }

    private Task ListObjectsV1Async(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        var (prefix, delimiter, maxKeys, url) = ListingInputs(call);
        var marker = call.Query("marker");
        var page = _store.ListObjects(call.Bucket, prefix, string.IsNullOrEmpty(marker) ? null : marker, delimiter, maxKeys);
        return WriteXmlAsync(call, "ListBucketResult", w =>
        {
            w.Element("Name", call.Bucket);
            w.Element("Prefix", Encode(prefix, url));
            w.Element("Marker", Encode(marker ?? string.Empty, url));
            w.Element("NextMarker", page.IsTruncated && delimiter is not null && page.LastKey is not null ? Encode(page.LastKey, url) : null);
            w.Element("MaxKeys", maxKeys);
            w.Element("Delimiter", delimiter is null ? null : Encode(delimiter, url));
            w.Element("EncodingType", url ? "url" : null);
            w.Element("IsTruncated", page.IsTruncated);
            WriteContents(w, page, url, call.Scope.AccountId);
        });
    }

    private Task ListObjectVersionsAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        var (prefix, delimiter, maxKeys, url) = ListingInputs(call);
        var keyMarker = call.Query("key-marker");
        var versionMarker = call.Query("version-id-marker");
        var page = _store.ListVersions(call.Bucket, prefix, string.IsNullOrEmpty(keyMarker) ? null : keyMarker, string.IsNullOrEmpty(versionMarker) ? null : versionMarker, delimiter, maxKeys);
        var last = page.Items.Count > 0 ? page.Items[^1] : null;
        var lastIsPrefix = page.LastKey is not null && (last is null || page.LastKey != last.Key);
        return WriteXmlAsync(call, "ListVersionsResult", w =>
        {
            w.Element("Name", call.Bucket);
            w.Element("Prefix", Encode(prefix, url));
            w.Element("KeyMarker", Encode(keyMarker ?? string.Empty, url));
            w.Element("VersionIdMarker", versionMarker ?? string.Empty);
            if (page.IsTruncated && page.LastKey is not null)
            {
                w.Element("NextKeyMarker", Encode(page.LastKey, url));
                w.Element("NextVersionIdMarker", lastIsPrefix ? null : last?.VersionId);
            }

            w.Element("MaxKeys", maxKeys);
            w.Element("Delimiter", delimiter is null ? null : Encode(delimiter, url));
            w.Element("EncodingType", url ? "url" : null);
            w.Element("IsTruncated", page.IsTruncated);
            foreach (var version in page.Items)
            {
                w.WriteStartElement(version.IsDeleteMarker ? "DeleteMarker" : "Version");
                w.Element("Key", Encode(version.Key, url));
                w.Element("VersionId", version.VersionId);
                w.Element("IsLatest", version.IsLatest);
                w.Element("LastModified", version.LastModified);
                if (!version.IsDeleteMarker)
                {
                    w.Element("ETag", version.ETag);
                    w.Element("Size", version.Size);
                    w.Element("StorageClass", version.StorageClass);
                }

                WriteOwner(w, "Owner", call.Scope.AccountId);
                w.WriteEndElement();
            }

            WriteCommonPrefixes(w, page.CommonPrefixes, url);
        });
    }

    private static (string Prefix, string? Delimiter, int MaxKeys, bool Url) ListingInputs(S3Call call)
    {
        var encoding = call.Query("encoding-type");
        if (encoding is not null && encoding != "url")
        {
            throw S3Errors.InvalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encoding);
        }

        var delimiter = call.Query("delimiter");
        return (call.Query("prefix") ?? string.Empty, string.IsNullOrEmpty(delimiter) ? null : delimiter, call.IntQuery("max-keys", DefaultMaxKeys, DefaultMaxKeys), encoding == "url");
    }

    private static void WriteContents(XmlWriter w, ListingPage<ObjectRecord> page, bool url, string? ownerAccount)
    {
        foreach (var item in page.Items)
        {
            w.WriteStartElement("Contents");
            w.Element("Key", Encode(item.Key, url));
            w.Element("LastModified", item.LastModified);
            w.Element("ETag", item.ETag);
            foreach (var (name, _) in item.Headers)
            {
                if (name.StartsWith("x-amz-checksum-", StringComparison.Ordinal) && name != "x-amz-checksum-type")
                {
                    w.Element("ChecksumAlgorithm", name["x-amz-checksum-".Length..].ToUpperInvariant());
                }
            }

            w.Element("Size", item.Size);
            if (ownerAccount is not null)
            {
                WriteOwner(w, "Owner", ownerAccount);
            }

            w.Element("StorageClass", item.StorageClass);
            w.WriteEndElement();
        }

        WriteCommonPrefixes(w, page.CommonPrefixes, url);
    }

    private static void WriteCommonPrefixes(XmlWriter w, IReadOnlyList<string> prefixes, bool url)
    {
        foreach (var prefix in prefixes)
        {
            w.WriteStartElement("CommonPrefixes");
            w.Element("Prefix", Encode(prefix, url));
            w.WriteEndElement();
        }
    }

    private static string Encode(string value, bool url) => url ? S3Xml.UrlEncode(value) : value;

    private static string EncodeToken(string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("1:" + key));

    private static string DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("1:", StringComparison.Ordinal))
            {
                return text[2..];
            }
        }
        catch (FormatException)
        {
        }

        throw S3Errors.InvalidArgument("The continuation token provided is incorrect", "continuation-token", token);
    }

    // CopyObject

    private async Task CopyObjectAsync(S3Call call)
    {
        var bucket = _catalog.Require(call.Scope, call.Bucket);
        ValidateKey(call.Key);
        var (source, sourceBucket) = CopySource(call);
        var directive = call.Header("x-amz-metadata-directive") ?? "COPY";
        if (directive is not "COPY" and not "REPLACE")
        {
            throw S3Errors.InvalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
        }

        if (source.Bucket == call.Bucket && source.Key == call.Key && directive == "COPY" && call.Header("x-amz-storage-class") is null && sourceBucket.Versioning is null)
        {
            throw S3Errors.InvalidRequest("This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
        }

        var blob = ObjectFiles.NewBlob();
        var (size, md5) = await CopyBlobAsync(source.Blob!, 0, source.Size, blob, call.Aborted);
        var headers = directive == "REPLACE"
            ? ObjectHeaders(call)
            : new Dictionary<string, string>(source.Headers.Where(h => h.Key != "x-amz-mp-parts-count"), StringComparer.OrdinalIgnoreCase);
        if (directive == "REPLACE")
        {
            foreach (var checksum in source.Headers.Where(h => h.Key.StartsWith("x-amz-checksum-", StringComparison.Ordinal)))
            {
                headers[checksum.Key] = checksum.Value;
            }
        }

        var etag = "\"" + Convert.ToHexStringLower(md5) + "\"";
        var draft = new ObjectRecord(call.Bucket, call.Key, VersioningStatus.NullVersion, 0, true, false, size, etag, _time.GetUtcNow(), headers, blob);
        var written = await CommitAsync(draft, blob);
        if (sourceBucket.Versioning is not null)
        {
            call.Response.Headers["x-amz-copy-source-version-id"] = source.VersionId;
        }

        WriteVersionHeader(call, bucket, written.VersionId);
        await WriteXmlAsync(call, "CopyObjectResult", w =>
        {
            w.Element("LastModified", written.LastModified);
            w.Element("ETag", written.ETag);
        });
    }

    /// <summary>The object <c>x-amz-copy-source</c> names (<c>[/]bucket/key[?versionId=…]</c>, URL-encoded), with the
    /// <c>x-amz-copy-source-if-*</c> conditions checked.</summary>
    private (ObjectRecord Object, BucketRecord Bucket) CopySource(S3Call call)
    {
        var raw = call.Header("x-amz-copy-source")!;
        string? versionId = null;
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            var query = raw[(question + 1)..];
            raw = raw[..question];
            if (query.StartsWith("versionId=", StringComparison.Ordinal))
            {
                versionId = Uri.UnescapeDataString(query["versionId=".Length..]);
            }
        }

        var path = Uri.UnescapeDataString(raw).TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw S3Errors.InvalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey", "x-amz-copy-source", raw);
        }

        var bucket = _catalog.Require(call.Scope, path[..slash]);
        var key = path[(slash + 1)..];
        var found = _store.GetObject(bucket.Name, key, versionId);
        if (found is null || found.IsDeleteMarker)
        {
            throw versionId is null || found is not null ? S3Errors.NoSuchKey(key) : S3Errors.NoSuchVersion(key, versionId);
        }

        var headers = new HeaderDictionary();
        foreach (var (name, target) in new[] { ("x-amz-copy-source-if-match", "If-Match"), ("x-amz-copy-source-if-none-match", "If-None-Match"), ("x-amz-copy-source-if-modified-since", "If-Modified-Since"), ("x-amz-copy-source-if-unmodified-since", "If-Unmodified-Since") })
        {
            if (call.Header(name) is { } value)
            {
                headers[target] = value;
            }
        }

        if (Preconditions.Evaluate(headers, found.ETag, found.LastModified) is not null)
        {
            throw S3Errors.PreconditionFailed("x-amz-copy-source-If-Match");
        }

        return (found, bucket);
    }

    /// <summary>Copies <paramref name="length"/> bytes of a stored file into a new one, flushed to disk.</summary>
    private async Task<(long Size, byte[] Md5)> CopyBlobAsync(string sourceBlob, long offset, long length, string targetBlob, CancellationToken cancellationToken)
    {
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            await using (var source = _files.OpenRead(sourceBlob))
            await using (var target = _files.Create(targetBlob))
            {
                source.Seek(offset, SeekOrigin.Begin);
                var buffer = new byte[1 << 16];
                var left = length;
                while (left > 0)
                {
                    var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    left -= read;
                }

                await target.FlushAsync(cancellationToken);
                target.Flush(flushToDisk: true);
            }

            return (length, hash.GetHashAndReset());
        }
        catch
        {
            _files.Delete(targetBlob);
            throw;
        }
    }
}
