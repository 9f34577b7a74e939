using System.Collections.Concurrent;
using System.Text.Json;
using LocalCloud.HttpApi.Model;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LocalCloud.HttpApi.Gateway;

/// <summary>The outcome of an authorizer: the context for the integration, or the response that ends the request.</summary>
internal sealed record AuthorizationResult(AuthorizerContext? Context, GatewayResponse? Denied)
{
    public static AuthorizationResult Allow(AuthorizerContext context) => new(context, null);

    public static AuthorizationResult Deny(GatewayResponse response) => new(null, response);
}

/// <summary>
/// JWT authorizers as API Gateway runs them: the token from the identity source (a <c>Bearer </c> prefix is
/// dropped), its signature checked against the issuer's JWKS (found through
/// <c>ISSUER/.well-known/openid-configuration</c>), then <c>iss</c>, <c>aud</c> or <c>client_id</c>, <c>exp</c>,
/// <c>nbf</c> and <c>iat</c> on the local cloud's clock, and the route's scopes against <c>scope</c> or <c>scp</c>.
/// </summary>
internal sealed class JwtAuthorizer(TimeProvider time) : IDisposable
{
    private static readonly TimeSpan KeysLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Task<IssuerKeys>> _keys = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<AuthorizationResult> AuthorizeAsync(AuthorizerRecord authorizer, string? identity, IReadOnlyList<string>? routeScopes, CancellationToken cancellationToken)
    {
        if (identity is null)
        {
            return AuthorizationResult.Deny(GatewayResponse.Unauthorized());
        }

        var token = identity.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? identity[7..].Trim() : identity.Trim();
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return Invalid("the token is malformed");
        }

        var issuer = authorizer.JwtConfiguration?.Issuer ?? "";
        if (!jwt.TryGetPayloadValue<string>("iss", out var tokenIssuer) || tokenIssuer != issuer)
        {
            return Invalid("the token has an invalid issuer");
        }

        IssuerKeys keys;
        try
        {
            keys = await KeysAsync(issuer, jwt.Kid, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or InvalidOperationException or ArgumentException)
        {
            return Invalid("unable to fetch the issuer's signing keys");
        }

        if (string.IsNullOrEmpty(jwt.Kid) || !keys.Set.Keys.Any(k => k.Kid == jwt.Kid))
        {
            return Invalid("the token's kid is not in the issuer's JWKS");
        }

        var validation = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys.Set.GetSigningKeys(),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
        });
        if (!validation.IsValid)
        {
            return Invalid("signature verification failed");
        }

        var audiences = authorizer.JwtConfiguration?.Audience ?? [];
        var tokenAudiences = jwt.Audiences.ToList();
        if (jwt.TryGetPayloadValue<string>("client_id", out var clientId))
        {
            tokenAudiences.Add(clientId);
        }

        if (!tokenAudiences.Exists(audiences.Contains))
        {
            return Invalid("the token does not have a valid audience");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (!TryNumber(jwt, "exp", out var exp))
        {
            return Invalid("the token does not have an expiration time");
        }

        if (exp <= now)
        {
            return Invalid("the token has expired");
        }

        if (TryNumber(jwt, "nbf", out var nbf) && nbf > now)
        {
            return Invalid("the token is not valid yet");
        }

        if (TryNumber(jwt, "iat", out var iat) && iat > now)
        {
            return Invalid("the token was issued in the future");
        }

        var tokenScopes = Scopes(jwt);
        if (routeScopes is { Count: > 0 } && !routeScopes.Any(tokenScopes.Contains))
        {
            return AuthorizationResult.Deny(GatewayResponse.Message(403, "Forbidden", new KeyValuePair<string, string>("www-authenticate",
                $"Bearer scope=\"{string.Join(' ', routeScopes)}\" error=\"insufficient_scope\" error_description=\"expected scopes: [{string.Join(' ', routeScopes)}]\"")));
        }

        return AuthorizationResult.Allow(AuthorizerContext.Jwt(Claims(jwt), routeScopes is { Count: > 0 } ? tokenScopes : null));
    }

    public void Dispose() => _http.Dispose();

    private static AuthorizationResult Invalid(string description) => AuthorizationResult.Deny(GatewayResponse.Unauthorized(description));

    private static bool TryNumber(JsonWebToken jwt, string claim, out long value)
    {
        value = 0;
        return jwt.TryGetPayloadValue<long>(claim, out value);
    }

    private static List<string> Scopes(JsonWebToken jwt)
    {
        if (jwt.TryGetPayloadValue<string>("scope", out var scope))
        {
            return [.. scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }

        if (jwt.TryGetPayloadValue<string>("scp", out var scp))
        {
            return [.. scp.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }

        return jwt.TryGetPayloadValue<List<string>>("scp", out var list) ? list : [];
    }

    /// <summary>Claims as HTTP APIs pass them to the integration: every value as a string, arrays as <c>[a b]</c>.</summary>
    private static List<KeyValuePair<string, string>> Claims(JsonWebToken jwt)
    {
        var payload = Base64UrlEncoder.Decode(jwt.EncodedPayload);
        using var document = JsonDocument.Parse(payload);
        var claims = new List<KeyValuePair<string, string>>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            claims.Add(new(property.Name, property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Array => "[" + string.Join(' ', property.Value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())) + "]",
                _ => property.Value.GetRawText(),
            }));
        }

        return claims;
    }

    private async Task<IssuerKeys> KeysAsync(string issuer, string? kid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var task = _keys.GetOrAdd(issuer, i => FetchAsync(i, now));
        IssuerKeys keys;
        try
        {
            keys = await task.WaitAsync(cancellationToken);
        }
        catch
        {
            _keys.TryRemove(new KeyValuePair<string, Task<IssuerKeys>>(issuer, task));
            throw;
        }

        var stale = now - keys.FetchedAt > KeysLifetime;
        var unknownKid = kid is not null && !keys.Set.Keys.Any(k => k.Kid == kid) && now - keys.FetchedAt > RefreshAfter;
        if (stale || unknownKid)
        {
            var refreshed = FetchAsync(issuer, now);
            _keys[issuer] = refreshed;
            keys = await refreshed.WaitAsync(cancellationToken);
        }

        return keys;
    }

    private async Task<IssuerKeys> FetchAsync(string issuer, DateTimeOffset now)
    {
        var configuration = issuer.TrimEnd('/') + "/.well-known/openid-configuration";
        using var discovery = JsonDocument.Parse(await _http.GetStringAsync(new Uri(configuration)));
        var jwksUri = discovery.RootElement.TryGetProperty("jwks_uri", out var uri) && uri.GetString() is { } text
            ? text
            : throw new InvalidOperationException($"{configuration} has no jwks_uri.");
        var set = new JsonWebKeySet(await _http.GetStringAsync(new Uri(jwksUri)));
        return new IssuerKeys(set, now);
    }

    private sealed record IssuerKeys(JsonWebKeySet Set, DateTimeOffset FetchedAt);
}
