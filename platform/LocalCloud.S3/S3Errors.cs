using LocalCloud.Core.Hosting;

namespace LocalCloud.S3;

/// <summary>
/// S3's error codes, messages and statuses as S3 answers them. Elements an S3 error body carries after its message
/// (<c>BucketName</c>, <c>Key</c>, <c>Condition</c>, ...) travel in the exception's <see cref="Exception.Data"/>, in the
/// order they are written.
/// </summary>
internal static class S3Errors
{
    public static ServiceException Error(string code, string message, int status, params (string Name, string? Value)[] elements)
    {
        var error = new ServiceException(code, message, status);
        foreach (var (name, value) in elements)
        {
            if (value is not null)
            {
                error.Data[name] = value;
            }
        }

        return error;
    }

    public static ServiceException NoSuchBucket(string bucket) =>
        Error("NoSuchBucket", "The specified bucket does not exist", 404, ("BucketName", bucket));

    public static ServiceException NoSuchKey(string key) =>
        Error("NoSuchKey", "The specified key does not exist.", 404, ("Key", key));

    public static ServiceException NoSuchVersion(string key, string versionId) =>
        Error("NoSuchVersion", "The specified version does not exist.", 404, ("Key", key), ("VersionId", versionId));

    public static ServiceException NoSuchUpload(string uploadId) =>
        Error("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", 404, ("UploadId", uploadId));

    public static ServiceException NoSuchBucketPolicy(string bucket) =>
        Error("NoSuchBucketPolicy", "The bucket policy does not exist", 404, ("BucketName", bucket));

    public static ServiceException NoSuchTagSet(string bucket) =>
        Error("NoSuchTagSet", "The TagSet does not exist", 404, ("BucketName", bucket));

    public static ServiceException BucketAlreadyExists(string bucket) =>
        Error("BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.", 409, ("BucketName", bucket));

    public static ServiceException BucketAlreadyOwnedByYou(string bucket) =>
        Error("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409, ("BucketName", bucket));

    public static ServiceException BucketNotEmpty(string bucket) =>
        Error("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, ("BucketName", bucket));

    public static ServiceException InvalidBucketName(string bucket) =>
        Error("InvalidBucketName", "The specified bucket is not valid.", 400, ("BucketName", bucket));

    public static ServiceException AccessDenied() => Error("AccessDenied", "Access Denied", 403);

    public static ServiceException BadDigest(string message) => Error("BadDigest", message, 400);

    public static ServiceException InvalidDigest() =>
        Error("InvalidDigest", "The Content-MD5 you specified was invalid.", 400);

    public static ServiceException InvalidArgument(string message, string name, string? value) =>
        Error("InvalidArgument", message, 400, ("ArgumentName", name), ("ArgumentValue", value ?? string.Empty));

    public static ServiceException InvalidRequest(string message) => Error("InvalidRequest", message, 400);

    public static ServiceException MalformedXml() =>
        Error("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", 400);

    public static ServiceException MalformedPolicy(string message) => Error("MalformedPolicy", message, 400);

    public static ServiceException InvalidPart(string uploadId, int partNumber, string etag) =>
        Error("InvalidPart", "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", 400,
            ("UploadId", uploadId), ("PartNumber", partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("ETag", etag));

    public static ServiceException InvalidPartOrder(string uploadId) =>
        Error("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", 400, ("UploadId", uploadId));

    public static ServiceException EntityTooSmall(long size, long minimum, int partNumber, string etag) =>
        Error("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size", 400,
            ("ProposedSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("MinSizeAllowed", minimum.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("PartNumber", partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("ETag", etag));

    public static ServiceException EntityTooLarge(long size, long maximum) =>
        Error("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400,
            ("ProposedSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("MaxSizeAllowed", maximum.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static ServiceException IncompleteBody() =>
        Error("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.", 400);

    public static ServiceException InvalidRange(string range, long size) =>
        Error("InvalidRange", "The requested range is not satisfiable", 416,
            ("RangeRequested", range), ("ActualObjectSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static ServiceException PreconditionFailed(string condition) =>
        Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", 412, ("Condition", condition));

    public static ServiceException MethodNotAllowed(string method, string resourceType) =>
        Error("MethodNotAllowed", "The specified method is not allowed against this resource.", 405, ("Method", method), ("ResourceType", resourceType));

    public static ServiceException NotImplemented(string header) =>
        Error("NotImplemented", "A header or query you provided implies functionality that is not implemented.", 501, ("Header", header));

    public static ServiceException InvalidLocationConstraint(string constraint) =>
        Error("InvalidLocationConstraint", "The specified location-constraint is not valid", 400, ("LocationConstraint", constraint));

    public static ServiceException IllegalLocationConstraint(string constraint) =>
        Error("IllegalLocationConstraintException", $"The {constraint} location constraint is incompatible for the region specific endpoint this request was sent to.", 400);

    public static ServiceException InvalidBucketState(string message) => Error("InvalidBucketState", message, 409);

    public static ServiceException InternalError() =>
        Error("InternalError", "We encountered an internal error. Please try again.", 500);
}
