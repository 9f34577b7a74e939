namespace LocalCloud.Core.Hosting;

public readonly record struct SigV4Scope(string AccessKeyId, string Date, string Region, string Service)
{
    private const string Prefix = "AWS4-HMAC-SHA256";

    public static SigV4Scope? Parse(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += "Credential=".Length;
        var end = authorization.IndexOf(',', start);
        var credential = end < 0 ? authorization[start..] : authorization[start..end];
        var parts = credential.Trim().Split('/');
        if (parts.Length != 5 || parts[4] != "aws4_request")
        {
            return null;
        }

        return new SigV4Scope(parts[0], parts[1], parts[2], parts[3]);
    }
}
