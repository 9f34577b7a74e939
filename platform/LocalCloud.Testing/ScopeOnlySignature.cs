namespace LocalCloud.Testing;

/// <summary>A SigV4 Authorization header whose credential scope names the service; the signature itself is not valid.</summary>
public static class ScopeOnlySignature
{
    public static string For(string signingService, string region = "us-east-1") =>
        $"AWS4-HMAC-SHA256 Credential=test/20260101/{region}/{signingService}/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
}
