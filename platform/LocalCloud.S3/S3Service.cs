using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Hosting;
using LocalCloud.S3.Protocol;
using LocalCloud.S3.Wire;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalCloud.S3;

/// <summary>
/// S3's restXml wire adapter: picks the operation from the method, the address (service, bucket or object) and the
/// subresource in the query string, runs it, and writes S3's headers, XML documents and errors. Every response
/// carries <c>x-amz-request-id</c> and <c>x-amz-id-2</c>.
/// </summary>
internal sealed partial class S3Service : IStatusContributor
{
    public const long MaxObjectSize = 5L * 1024 * 1024 * 1024;
    public const long MinPartSize = 5L * 1024 * 1024;
    public const int MaxKeyBytes = 1024;

    /// <summary>Query parameters that are operation inputs, not subresources.</summary>
    private static readonly HashSet<string> Parameters = new(StringComparer.Ordinal)
    {
        "list-type", "prefix", "delimiter", "max-keys", "continuation-token", "start-after", "encoding-type", "fetch-owner",
        "marker", "key-marker", "version-id-marker", "upload-id-marker", "max-uploads", "max-parts", "part-number-marker",
        "versionId", "partNumber", "uploadId", "x-id", "max-buckets", "bucket-region", "optional-object-attributes",
        "response-content-type", "response-content-language", "response-expires", "response-cache-control",
        "response-content-disposition", "response-content-encoding",
    };

    private readonly S3Store _store;
    private readonly S3Catalog _catalog;
    private readonly ObjectFiles _files;
    private readonly RequestPipeline _pipeline;
    private readonly ActivityFeed _activity;
    private readonly TimeProvider _time;
    private readonly ILogger<S3Service> _logger;

    public S3Service(S3Store store, S3Catalog catalog, ObjectFiles files, RequestPipeline pipeline, ActivityFeed activity, TimeProvider time, ILogger<S3Service> logger)
    {
        _store = store;
        _catalog = catalog;
        _files = files;
        _pipeline = pipeline;
        _activity = activity;
        _time = time;
        _logger = logger;
    }

    public string Name => "s3";

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var (buckets, objects, bytes) = _store.Counts();
        return ValueTask.FromResult<JsonNode?>(new JsonObject
        {
            ["protocol"] = "restXml",
            ["buckets"] = buckets,
            ["objects"] = objects,
            ["bytes"] = bytes,
        });
    }

    public async Task HandleAsync(HttpContext http)
    {
        var address = (S3Address)http.Items[S3Endpoints.AddressItem]!;
        var call = new S3Call(http, address, _pipeline.CreateContext(http));
        http.Response.Headers["x-amz-request-id"] = call.RequestId;
        http.Response.Headers["x-amz-id-2"] = call.HostId;
        try
        {
            await DispatchAsync(call);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            var error = Translate(ex, call);
            if (error is not null)
            {
                await WriteErrorAsync(call, error);
            }
        }
    }

    private Task DispatchAsync(S3Call call)
    {
        var method = call.Request.Method.ToUpperInvariant();
        var subresources = call.Request.Query.Keys
            .Where(k => !Parameters.Contains(k) && !k.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase))
            .ToList();
        var sub = subresources.Count == 0 ? null : subresources[0];
        if (subresources.Count > 1)
        {
            throw S3Errors.NotImplemented("?" + string.Join("&", subresources));
        }

        if (call.Address.Bucket is null)
        {
            return method == "GET" && sub is null
                ? ListBucketsAsync(call)
                : throw S3Errors.MethodNotAllowed(method, "SERVICE");
        }

        if (call.Key.Length == 0)
        {
            return (method, sub) switch
            {
                ("PUT", null) => CreateBucketAsync(call),
                ("HEAD", null) => HeadBucketAsync(call),
                ("DELETE", null) => DeleteBucketAsync(call),
                ("GET", null) => call.Query("list-type") == "2" ? ListObjectsV2Async(call) : ListObjectsV1Async(call),
                ("GET", "location") => GetBucketLocationAsync(call),
                ("GET", "versioning") => GetBucketVersioningAsync(call),
                ("PUT", "versioning") => PutBucketVersioningAsync(call),
                ("GET", "policy") => GetBucketPolicyAsync(call),
                ("PUT", "policy") => PutBucketPolicyAsync(call),
                ("DELETE", "policy") => DeleteBucketPolicyAsync(call),
                ("GET", "tagging") => GetBucketTaggingAsync(call),
                ("PUT", "tagging") => PutBucketTaggingAsync(call),
                ("DELETE", "tagging") => DeleteBucketTaggingAsync(call),
                ("GET", "acl") => GetAclAsync(call),
                ("PUT", "acl") => PutAclAsync(call),
                ("GET", "uploads") => ListMultipartUploadsAsync(call),
                ("GET", "versions") => ListObjectVersionsAsync(call),
                ("POST", "delete") => DeleteObjectsAsync(call),
                (_, null) => throw S3Errors.MethodNotAllowed(method, "BUCKET"),
                _ => throw S3Errors.NotImplemented("?" + sub),
            };
        }

        return (method, sub) switch
        {
            ("PUT", null) when call.Has("uploadId") || call.Has("partNumber") => UploadPartAsync(call),
            ("PUT", null) when call.Header("x-amz-copy-source") is not null => CopyObjectAsync(call),
            ("PUT", null) => PutObjectAsync(call),
            ("GET", null) when call.Has("uploadId") => ListPartsAsync(call),
            ("GET" or "HEAD", null) => GetObjectAsync(call),
            ("DELETE", null) when call.Has("uploadId") => AbortMultipartUploadAsync(call),
            ("DELETE", null) => DeleteObjectAsync(call),
            ("POST", "uploads") => CreateMultipartUploadAsync(call),
            ("POST", null) when call.Has("uploadId") => CompleteMultipartUploadAsync(call),
            ("GET", "acl") => GetAclAsync(call),
            ("PUT", "acl") => PutAclAsync(call),
            (_, null) => throw S3Errors.MethodNotAllowed(method, "OBJECT"),
            _ => throw S3Errors.NotImplemented("?" + sub),
        };
    }

    // Buckets

    private async Task ListBucketsAsync(S3Call call)
    {
        var prefix = call.Query("prefix") ?? string.Empty;
        var buckets = _catalog.List(call.Scope).Where(b => b.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        await WriteXmlAsync(call, "ListAllMyBucketsResult", w =>
        {
            WriteOwner(w, "Owner", call.Scope.AccountId);
            w.WriteStartElement("Buckets");
            foreach (var bucket in buckets)
            {
                w.WriteStartElement("Bucket");
                w.Element("Name", bucket.Name);
                w.Element("CreationDate", bucket.CreatedAt);
                w.Element("BucketRegion", bucket.Region);
                w.WriteEndElement();
            }

            w.WriteEndElement();
            if (prefix.Length > 0)
            {
                w.Element("Prefix", prefix);
            }
        });
    }

    private async Task CreateBucketAsync(S3Call call)
    {
        string? constraint = null;
        if (call.Request.ContentLength is not 0 && (call.Request.ContentLength is not null || call.Request.Headers.ContainsKey("Transfer-Encoding")))
        {
            var document = await S3Xml.ReadAsync(call.Request.Body, call.Aborted);
            if (document.Name.LocalName != "CreateBucketConfiguration")
            {
                throw S3Errors.MalformedXml();
            }

            constraint = document.Child("LocationConstraint");
        }

        var (bucket, _) = await _catalog.CreateBucketAsync(call.Scope, call.Bucket, constraint);
        call.Response.Headers.Location = "/" + bucket.Name;
        call.Response.StatusCode = 200;
        call.Response.ContentLength = 0;
    }

    private Task HeadBucketAsync(S3Call call)
    {
        var bucket = _catalog.Require(call.Scope, call.Bucket);
        call.Response.Headers["x-amz-bucket-region"] = bucket.Region;
        call.Response.Headers["x-amz-access-point-alias"] = "false";
        call.Response.StatusCode = 200;
        return Task.CompletedTask;
    }

    private async Task DeleteBucketAsync(S3Call call)
    {
        await _catalog.DeleteBucketAsync(call.Scope, call.Bucket);
        call.Response.StatusCode = 204;
    }

    private Task GetBucketLocationAsync(S3Call call)
    {
        var bucket = _catalog.Require(call.Scope, call.Bucket);
        return WriteXmlAsync(call, "LocationConstraint", w =>
        {
            if (bucket.Region != "us-east-1")
            {
                w.WriteString(bucket.Region);
            }
        });
    }

    private Task GetBucketVersioningAsync(S3Call call)
    {
        var bucket = _catalog.Require(call.Scope, call.Bucket);
        return WriteXmlAsync(call, "VersioningConfiguration", w => w.Element("Status", bucket.Versioning));
    }

    private async Task PutBucketVersioningAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        var document = await S3Xml.ReadAsync(call.Request.Body, call.Aborted);
        var status = document.Name.LocalName == "VersioningConfiguration" ? document.Child("Status") : null;
        await _catalog.SetVersioningAsync(call.Scope, call.Bucket, status ?? string.Empty);
        call.Response.StatusCode = 200;
        call.Response.ContentLength = 0;
    }

    private async Task GetBucketPolicyAsync(S3Call call)
    {
        var bucket = _catalog.Require(call.Scope, call.Bucket);
        var policy = bucket.Policy ?? throw S3Errors.NoSuchBucketPolicy(call.Bucket);
        var body = Encoding.UTF8.GetBytes(policy);
        call.Response.StatusCode = 200;
        call.Response.ContentType = "application/json";
        call.Response.ContentLength = body.Length;
        await call.Response.Body.WriteAsync(body, call.Aborted);
    }

    private async Task PutBucketPolicyAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        using var reader = new StreamReader(call.Request.Body, Encoding.UTF8);
        var policy = await reader.ReadToEndAsync(call.Aborted);
        if (policy.Length > 20 * 1024)
        {
            throw S3Errors.Error("PolicyTooLarge", "Policy exceeds the maximum allowed document size.", 400);
        }

        await _catalog.SetPolicyAsync(call.Scope, call.Bucket, policy);
        call.Response.StatusCode = 204;
    }

    private async Task DeleteBucketPolicyAsync(S3Call call)
    {
        await _catalog.SetPolicyAsync(call.Scope, call.Bucket, null);
        call.Response.StatusCode = 204;
    }

    private Task GetBucketTaggingAsync(S3Call call)
    {
        var bucket = _catalog.Require(call.Scope, call.Bucket);
        if (bucket.Tags.Count == 0)
        {
            throw S3Errors.NoSuchTagSet(call.Bucket);
        }

        return WriteXmlAsync(call, "Tagging", w =>
        {
            w.WriteStartElement("TagSet");
            foreach (var (key, value) in bucket.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                w.WriteStartElement("Tag");
                w.Element("Key", key);
                w.Element("Value", value);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        });
    }

    private async Task PutBucketTaggingAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        var document = await S3Xml.ReadAsync(call.Request.Body, call.Aborted);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in document.Children("TagSet").SelectMany(s => s.Children("Tag")))
        {
            var key = tag.Child("Key") ?? throw S3Errors.MalformedXml();
            if (!tags.TryAdd(key, tag.Child("Value") ?? string.Empty))
            {
                throw S3Errors.Error("InvalidTag", "Cannot provide multiple Tags with the same key", 400, ("TagKey", key));
            }
        }

        await _catalog.SetTagsAsync(call.Scope, call.Bucket, tags);
        call.Response.StatusCode = 204;
    }

    private async Task DeleteBucketTaggingAsync(S3Call call)
    {
        await _catalog.SetTagsAsync(call.Scope, call.Bucket, new Dictionary<string, string>());
        call.Response.StatusCode = 204;
    }

    /// <summary>Access control lists are not emulated: the owner has full control, and a PUT is accepted.</summary>
    private Task GetAclAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        return WriteXmlAsync(call, "AccessControlPolicy", w =>
        {
            WriteOwner(w, "Owner", call.Scope.AccountId);
            w.WriteStartElement("AccessControlList");
            w.WriteStartElement("Grant");
            w.WriteStartElement("Grantee");
            w.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
            w.WriteAttributeString("xsi", "type", "http://www.w3.org/2001/XMLSchema-instance", "CanonicalUser");
            w.Element("ID", S3Catalog.CanonicalUserId(call.Scope.AccountId));
            w.Element("DisplayName", "localcloud");
            w.WriteEndElement();
            w.Element("Permission", "FULL_CONTROL");
            w.WriteEndElement();
            w.WriteEndElement();
        });
    }

    private Task PutAclAsync(S3Call call)
    {
        _catalog.Require(call.Scope, call.Bucket);
        call.Response.StatusCode = 200;
        call.Response.ContentLength = 0;
        return Task.CompletedTask;
    }

    // Writing

    private static void WriteOwner(XmlWriter writer, string element, string accountId)
    {
        writer.WriteStartElement(element);
        writer.Element("ID", S3Catalog.CanonicalUserId(accountId));
        writer.Element("DisplayName", "localcloud");
        writer.WriteEndElement();
    }

    private static async Task WriteXmlAsync(S3Call call, string root, Action<XmlWriter> body, int status = 200)
    {
        var document = S3Xml.Document(root, body);
        call.Response.StatusCode = status;
        call.Response.ContentType = S3Xml.ContentType;
        call.Response.ContentLength = document.Length;
        await call.Response.Body.WriteAsync(document, call.Aborted);
    }

    private static async Task WriteErrorAsync(S3Call call, ServiceException error)
    {
        var response = call.Response;
        response.StatusCode = error.StatusCode;
        if (call.IsHead || error.StatusCode == 304)
        {
            response.ContentLength = 0;
            return;
        }

        var body = S3Xml.Error(error, call.RequestId, call.HostId);
        response.ContentType = S3Xml.ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, call.Aborted);
    }

    private ServiceException? Translate(Exception ex, S3Call call)
    {
        switch (ex)
        {
            case ServiceException aws:
                return aws;
            case BadHttpRequestException bad:
                return bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? S3Errors.EntityTooLarge(call.Request.ContentLength ?? 0, MaxObjectSize)
                    : S3Errors.IncompleteBody();
            case OperationCanceledException when call.Aborted.IsCancellationRequested:
                return null;
            case IOException when call.Aborted.IsCancellationRequested:
                return null;
            default:
                LogInternalError(_logger, ex, call.Request.Method, call.Address.Bucket, call.Key);
                return S3Errors.InternalError();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "BUG: unhandled exception in S3 {Method} bucket {Bucket} key {Key}; answered 500 InternalError")]
    private static partial void LogInternalError(ILogger logger, Exception exception, string method, string? bucket, string key);
}
