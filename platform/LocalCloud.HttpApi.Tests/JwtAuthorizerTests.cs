using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LocalCloud.HttpApi.Tests;

/// <summary>An OpenID issuer on loopback: its discovery document and JWKS, and tokens signed with its RS256 key.</summary>
public sealed class JwtIssuerFixture : HttpApiHostFixture, IAsyncLifetime
{
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication? _issuer;

    public string Issuer { get; private set; } = "";

    public RsaSecurityKey Key => new(_rsa) { KeyId = "key-1" };

    public string Token(IDictionary<string, object> claims, SecurityKey? key = null)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.RsaSha256),
        });
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _issuer = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_rsa.ExportParameters(false)) { KeyId = "key-1" });
        var jwks = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["keys"] = new[] { new Dictionary<string, string> { ["kty"] = "RSA", ["kid"] = jwk.Kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = jwk.N, ["e"] = jwk.E } },
        });
        _issuer.MapGet("/.well-known/openid-configuration", () => Results.Text($$"""{"issuer":"{{Issuer}}","jwks_uri":"{{Issuer}}/jwks.json"}""", "application/json"));
        _issuer.MapGet("/jwks.json", () => Results.Text(jwks, "application/json"));
        await _issuer.StartAsync();
        var address = _issuer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Issuer = $"http://127.0.0.1:{new Uri(address).Port}";
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }

        _rsa.Dispose();
        await DisposeAsync();
    }
}

public sealed class JwtAuthorizerTests(JwtIssuerFixture fixture) : IClassFixture<JwtIssuerFixture>
{
    private long Now => fixture.Clock.GetUtcNow().ToUnixTimeSeconds();

    private async Task<string> ApiAsync(ApiCaller apis, string name, string? scopes = null)
    {
        var backend = fixture.Functions.Add(name, e => e.GetProperty("requestContext").GetProperty("authorizer").GetRawText());
        var (apiId, integrationId) = await apis.CreateAsync(backend, []);
        var authorizerId = (await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/authorizers",
            $$"""{"name":"jwt","authorizerType":"JWT","identitySource":["$request.header.Authorization"],"jwtConfiguration":{"issuer":"{{fixture.Issuer}}","audience":["orders-api"]} """ + "}"))
            .GetProperty("authorizerId").GetString();
        var scopeMember = scopes is null ? "" : $",\"authorizationScopes\":[\"{scopes}\"]";
        await apis.OkAsync(HttpMethod.Post, $"/v2/apis/{apiId}/routes",
            $$"""{"routeKey":"GET /me","target":"integrations/{{integrationId}}","authorizationType":"JWT","authorizerId":"{{authorizerId}}" """ + scopeMember + "}");
        return apiId;
    }

    private Dictionary<string, object> Claims(string audience = "orders-api", long? exp = null) => new()
    {
        ["iss"] = fixture.Issuer,
        ["sub"] = "user-1",
        ["aud"] = audience,
        ["exp"] = exp ?? Now + 3600,
        ["iat"] = Now - 10,
        ["scope"] = "orders.read profile",
    };

    private static Task<HttpResponseMessage> CallAsync(ApiCaller apis, string apiId, string? token) =>
        apis.SendAsync(apiId, HttpMethod.Get, "/me", configure: r =>
        {
            if (token is not null)
            {
                r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
        });

    [Fact]
    public async Task ValidToken_PassesItsClaimsAsStrings()
    {
        using var apis = fixture.Apis();
        var apiId = await ApiAsync(apis, "jwt-valid");
        using var response = await CallAsync(apis, apiId, fixture.Token(Claims()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var claims = body.RootElement.GetProperty("jwt").GetProperty("claims");
        Assert.Equal("user-1", claims.GetProperty("sub").GetString());
        Assert.Equal((Now + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), claims.GetProperty("exp").GetString());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("jwt").GetProperty("scopes").ValueKind);
    }

    [Fact]
    public async Task MissingExpiredWrongAudienceOrForeignKey_Are401()
    {
        using var apis = fixture.Apis();
        var apiId = await ApiAsync(apis, "jwt-invalid");
        using (var missing = await CallAsync(apis, apiId, null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal("""{"message":"Unauthorized"}""", await missing.Content.ReadAsStringAsync());
        }

        using (var expired = await CallAsync(apis, apiId, fixture.Token(Claims(exp: Now - 1))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            Assert.Contains("the token has expired", expired.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using (var audience = await CallAsync(apis, apiId, fixture.Token(Claims(audience: "someone-else"))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, audience.StatusCode);
        }

        using var stranger = RSA.Create(2048);
        using var forged = await CallAsync(apis, apiId, fixture.Token(Claims(), new RsaSecurityKey(stranger) { KeyId = "key-1" }));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task TokenExpiringLater_IsRejectedOnceTheClockPassesIt()
    {
        using var apis = fixture.Apis();
        var apiId = await ApiAsync(apis, "jwt-clock");
        var token = fixture.Token(Claims(exp: Now + 120));
        using (var before = await CallAsync(apis, apiId, token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(121));
        using var after = await CallAsync(apis, apiId, token);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task RouteScopes_AreRequired_403WithoutThem()
    {
        using var apis = fixture.Apis();
        var granted = await ApiAsync(apis, "jwt-scope-ok", scopes: "orders.read");
        using (var ok = await CallAsync(apis, granted, fixture.Token(Claims())))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            using var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
            Assert.Equal(["orders.read", "profile"], body.RootElement.GetProperty("jwt").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        }

        var refused = await ApiAsync(apis, "jwt-scope-missing", scopes: "orders.write");
        using var forbidden = await CallAsync(apis, refused, fixture.Token(Claims()));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("""{"message":"Forbidden"}""", await forbidden.Content.ReadAsStringAsync());
    }
}
