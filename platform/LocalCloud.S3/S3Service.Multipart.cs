using System.Globalization;
using System.Security.Cryptography;
using LocalCloud.S3.Model;
using LocalCloud.S3.Protocol;
using LocalCloud.S3.Wire;

namespace LocalCloud.S3;

internal sealed partial class S3Service
{
    private const int MaxPartNumber = 10_000;

    private async Task CreateMultipartUploadAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        ValidateKey(call.Key);
        var headers = ObjectHeaders(call);
        if (call.Header("x-amz-checksum-algorithm") is { } algorithm)
        {
            if (!ChecksumCalculator.IsKnown(algorithm))
            {
                throw S3Errors.InvalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
            }

            headers["x-amz-checksum-algorithm"] = algorithm.ToUpperInvariant();
            call.Response.Headers["x-amz-checksum-algorithm"] = algorithm.ToUpperInvariant();
        }

        var upload = new MultipartUploadRecord(NewUploadId(), call.Bucket, call.Key, _time.GetUtcNow(), headers);
        await _store.CreateUploadAsync(upload);
        await WriteXmlAsync(call, "InitiateMultipartUploadResult", w =>
        {
            w.Element("Bucket", call.Bucket);
            w.Element("Key", call.Key);
            w.Element("UploadId", upload.UploadId);
        });
    }

    private async Task UploadPartAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        var upload = RequireUpload(call);
        var partNumber = PartNumber(call);
        ReceivedBody body;
        if (call.Header("x-amz-copy-source") is not null)
        {
            var (source, _) = CopySource(call);
            var (offset, length) = CopyRange(call.Header("x-amz-copy-source-range"), source.Size);
            var blob = ObjectFiles.NewBlob();
            var (size, md5) = await CopyBlobAsync(source.Blob!, offset, length, blob, call.Aborted);
            body = new ReceivedBody(blob, size, md5, new Dictionary<string, string>());
        }
        else
        {
            body = await ReceiveAsync(call, MaxObjectSize);
        }

        var part = new PartRecord(upload.UploadId, partNumber, body.Size, body.ETag, _time.GetUtcNow(), body.Checksums, body.Blob);
        string? replaced;
        try
        {
            replaced = await _store.PutPartAsync(part);
        }
        catch
        {
            _files.Delete(body.Blob);
            throw;
        }

        _files.Delete(replaced);
        if (call.Header("x-amz-copy-source") is not null)
        {
            await WriteXmlAsync(call, "CopyPartResult", w =>
            {
                w.Element("LastModified", part.LastModified);
                w.Element("ETag", part.ETag);
            });
            return;
        }

        call.Response.Headers.ETag = part.ETag;
        call.Response.Headers["x-amz-server-side-encryption"] = "AES256";
        foreach (var (name, value) in body.Checksums)
        {
            call.Response.Headers[name] = value;
        }

        call.Response.StatusCode = 200;
        call.Response.ContentLength = 0;
    }

    private async Task CompleteMultipartUploadAsync(S3Call call)
    {
        var bucket = _catalog.Require(call.Scope, call.Bucket);
        var upload = RequireUpload(call);
        var document = await S3Xml.ReadAsync(call.Request.Body, call.Aborted);
        if (document.Name.LocalName != "CompleteMultipartUpload")
        {
            throw S3Errors.MalformedXml();
        }

        var requested = new List<(int Number, string ETag)>();
        foreach (var element in document.Children("Part"))
        {
            if (!int.TryParse(element.Child("PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw S3Errors.MalformedXml();
            }

            requested.Add((number, element.Child("ETag") ?? string.Empty));
        }

        if (requested.Count == 0)
        {
            throw S3Errors.MalformedXml();
        }

        for (var i = 1; i < requested.Count; i++)
        {
            if (requested[i].Number <= requested[i - 1].Number)
            {
                throw S3Errors.InvalidPartOrder(upload.UploadId);
            }
        }

        var stored = _store.ListParts(upload.UploadId).ToDictionary(p => p.PartNumber);
        var parts = new List<PartRecord>();
        foreach (var (number, etag) in requested)
        {
            if (!stored.TryGetValue(number, out var part) || part.ETag.Trim('"') != etag.Trim().Trim('"'))
            {
                throw S3Errors.InvalidPart(upload.UploadId, number, etag);
            }

            parts.Add(part);
        }

        for (var i = 0; i < parts.Count - 1; i++)
        {
            if (parts[i].Size < MinPartSize)
            {
                throw S3Errors.EntityTooSmall(parts[i].Size, MinPartSize, parts[i].PartNumber, parts[i].ETag);
            }
        }

        var blob = ObjectFiles.NewBlob();
        long size = 0;
        using var digests = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        try
        {
            await using var target = _files.Create(blob);
            foreach (var part in parts)
            {
                await using (var source = _files.OpenRead(part.Blob))
                {
                    await source.CopyToAsync(target, call.Aborted);
                }

                size += part.Size;
                digests.AppendData(Convert.FromHexString(part.ETag.Trim('"')));
            }

            await target.FlushAsync(call.Aborted);
            target.Flush(flushToDisk: true);
        }
        catch
        {
            _files.Delete(blob);
            throw;
        }

        var objectETag = "\"" + Convert.ToHexStringLower(digests.GetHashAndReset()) + "-" + parts.Count.ToString(CultureInfo.InvariantCulture) + "\"";
        var headers = new Dictionary<string, string>(upload.Headers, StringComparer.OrdinalIgnoreCase);
        headers.Remove("x-amz-checksum-algorithm");
        headers["x-amz-mp-parts-count"] = parts.Count.ToString(CultureInfo.InvariantCulture);
        var draft = new ObjectRecord(call.Bucket, upload.Key, VersioningStatus.NullVersion, 0, true, false, size, objectETag, _time.GetUtcNow(), headers, blob);
        var written = await CommitAsync(draft, blob, upload.UploadId);
        WriteVersionHeader(call, bucket, written.VersionId);
        call.Response.Headers["x-amz-server-side-encryption"] = "AES256";
        _activity.Publish("s3", "object.put", $"s3://{call.Bucket}/{upload.Key} ({size} bytes, {parts.Count} parts)",
            new Dictionary<string, string> { ["bucket"] = call.Bucket, ["key"] = upload.Key, ["size"] = S3Catalog.Count(size) });
        await WriteXmlAsync(call, "CompleteMultipartUploadResult", w =>
        {
            w.Element("Location", $"{call.Context.Endpoint.ToString().TrimEnd('/')}/{call.Bucket}/{Uri.EscapeDataString(upload.Key).Replace("%2F", "/", StringComparison.Ordinal)}");
            w.Element("Bucket", call.Bucket);
            w.Element("Key", upload.Key);
            w.Element("ETag", objectETag);
        });
    }

    private async Task AbortMultipartUploadAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        var upload = RequireUpload(call);
        _files.Delete(await _store.AbortUploadAsync(upload.UploadId));
        call.Response.StatusCode = 204;
    }

    private Task ListPartsAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        var upload = RequireUpload(call);
        var maxParts = call.IntQuery("max-parts", 1000, 1000);
        var marker = call.IntQuery("part-number-marker", 0, int.MaxValue);
        var all = _store.ListParts(upload.UploadId).Where(p => p.PartNumber > marker).ToList();
        var page = all.Take(maxParts).ToList();
        var truncated = all.Count > page.Count;
        return WriteXmlAsync(call, "ListPartsResult", w =>
        {
            w.Element("Bucket", call.Bucket);
            w.Element("Key", upload.Key);
            w.Element("UploadId", upload.UploadId);
            w.Element("PartNumberMarker", marker);
            w.Element("NextPartNumberMarker", page.Count > 0 ? page[^1].PartNumber : 0);
            w.Element("MaxParts", maxParts);
            w.Element("IsTruncated", truncated);
            foreach (var part in page)
            {
                w.WriteStartElement("Part");
                w.Element("PartNumber", part.PartNumber);
                w.Element("LastModified", part.LastModified);
                w.Element("ETag", part.ETag);
                w.Element("Size", part.Size);
                foreach (var (name, value) in part.Checksums)
                {
                    w.Element("Checksum" + name["x-amz-checksum-".Length..].ToUpperInvariant(), value);
                }

                w.WriteEndElement();
            }

            WriteOwner(w, "Initiator", call.Scope.AccountId);
            WriteOwner(w, "Owner", call.Scope.AccountId);
            w.Element("StorageClass", upload.Headers.TryGetValue("x-amz-storage-class", out var storageClass) ? storageClass : "STANDARD");
            w.Element("ChecksumAlgorithm", upload.Headers.TryGetValue("x-amz-checksum-algorithm", out var algorithm) ? algorithm : null);
        });
    }

    private Task ListMultipartUploadsAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        var prefix = call.Query("prefix") ?? string.Empty;
        var delimiter = call.Query("delimiter") is { Length: > 0 } d ? d : null;
        var keyMarker = call.Query("key-marker") is { Length: > 0 } k ? k : null;
        var maxUploads = call.IntQuery("max-uploads", 1000, 1000);
        var url = call.Query("encoding-type") == "url";
        var page = _store.ListUploads(call.Bucket, prefix, keyMarker, delimiter, maxUploads);
        var last = page.Items.Count > 0 ? page.Items[^1] : null;
        return WriteXmlAsync(call, "ListMultipartUploadsResult", w =>
        {
            w.Element("Bucket", call.Bucket);
            w.Element("KeyMarker", Encode(keyMarker ?? string.Empty, url));
            w.Element("UploadIdMarker", call.Query("upload-id-marker") ?? string.Empty);
            w.Element("NextKeyMarker", page.IsTruncated && page.LastKey is not null ? Encode(page.LastKey, url) : null);
            w.Element("NextUploadIdMarker", page.IsTruncated ? last?.UploadId : null);
            w.Element("Prefix", Encode(prefix, url));
            w.Element("Delimiter", delimiter);
            w.Element("MaxUploads", maxUploads);
            w.Element("EncodingType", url ? "url" : null);
            w.Element("IsTruncated", page.IsTruncated);
            foreach (var upload in page.Items)
            {
                w.WriteStartElement("Upload");
                w.Element("Key", Encode(upload.Key, url));
                w.Element("UploadId", upload.UploadId);
                WriteOwner(w, "Initiator", call.Scope.AccountId);
                WriteOwner(w, "Owner", call.Scope.AccountId);
                w.Element("StorageClass", upload.Headers.TryGetValue("x-amz-storage-class", out var storageClass) ? storageClass : "STANDARD");
                w.Element("Initiated", upload.Initiated);
                w.WriteEndElement();
            }

            WriteCommonPrefixes(w, page.CommonPrefixes, url);
        });
    }

    private MultipartUploadRecord RequireUpload(S3Call call)
    {
        var uploadId = call.Query("uploadId") ?? string.Empty;
        var upload = _store.GetUpload(uploadId);
        return upload is not null && upload.Bucket == call.Bucket && upload.Key == call.Key ? upload : throw S3Errors.NoSuchUpload(uploadId);
    }

    private static int PartNumber(S3Call call)
    {
        var raw = call.Query("partNumber");
        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= MaxPartNumber
            ? number
            : throw S3Errors.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber", raw);
    }

    private static (long Offset, long Length) CopyRange(string? header, long size)
    {
        if (header is null)
        {
            return (0, size);
        }

        var range = Ranges.Parse(header, size);
        return range ?? throw S3Errors.InvalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy", "x-amz-copy-source-range", header);
    }

    private static string NewUploadId()
    {
        Span<byte> bytes = stackalloc byte[48];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '.').Replace('/', '_');
    }
}
