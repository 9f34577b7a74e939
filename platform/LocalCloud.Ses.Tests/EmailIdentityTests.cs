using System.Net;

namespace LocalCloud.Ses.Tests;

public sealed class EmailIdentityTests(SesHostFixture fixture) : IClassFixture<SesHostFixture>
{
    [Fact]
    public async Task EmailAddressIdentity_IsVerifiedAtOnce_AndReadBack()
    {
        using var ses = fixture.Ses();
        var address = $"me-{Guid.NewGuid():N}@Example.test";

        var created = await ses.OkAsync(HttpMethod.Post, "/v2/email/identities",
            $$"""{"EmailIdentity":"{{address}}","Tags":[{"Key":"team","Value":"orders"}]}""");
        var got = await ses.OkAsync(HttpMethod.Get, "/v2/email/identities/" + Uri.EscapeDataString(address));
        var sameDomainOtherCase = await ses.CallAsync(HttpMethod.Get, "/v2/email/identities/" + Uri.EscapeDataString(address.Replace("Example", "EXAMPLE", StringComparison.Ordinal)));

        Assert.Equal("EMAIL_ADDRESS", created.GetProperty("IdentityType").GetString());
        Assert.True(created.GetProperty("VerifiedForSendingStatus").GetBoolean());
        Assert.Equal("NOT_STARTED", created.GetProperty("DkimAttributes").GetProperty("Status").GetString());
        Assert.Equal("SUCCESS", got.GetProperty("VerificationStatus").GetString());
        Assert.True(got.GetProperty("VerifiedForSendingStatus").GetBoolean());
        Assert.Equal("orders", got.GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.Equal(HttpStatusCode.OK, sameDomainOtherCase.Status);
    }

    [Fact]
    public async Task DomainIdentity_HasDkimTokens()
    {
        using var ses = fixture.Ses();
        var domain = $"d{Guid.NewGuid():N}.example.test";

        var created = await ses.VerifyAsync(domain);
        var got = await ses.OkAsync(HttpMethod.Get, "/v2/email/identities/" + domain);

        Assert.Equal("DOMAIN", created.GetProperty("IdentityType").GetString());
        var dkim = got.GetProperty("DkimAttributes");
        Assert.Equal("SUCCESS", dkim.GetProperty("Status").GetString());
        Assert.Equal(3, dkim.GetProperty("Tokens").GetArrayLength());
        Assert.Equal(created.GetProperty("DkimAttributes").GetProperty("Tokens").ToString(), dkim.GetProperty("Tokens").ToString());
        Assert.Equal(1772366400.0, dkim.GetProperty("LastKeyGenerationTimestamp").GetDouble());
    }

    [Fact]
    public async Task DuplicateUnknownAndInvalidIdentities_AreAnsweredWithSesErrors()
    {
        using var ses = fixture.Ses();
        var address = $"dup-{Guid.NewGuid():N}@example.test";
        await ses.VerifyAsync(address);

        var duplicate = await ses.CallAsync(HttpMethod.Post, "/v2/email/identities", $$"""{"EmailIdentity":"{{address}}"}""");
        var unknown = await ses.CallAsync(HttpMethod.Get, "/v2/email/identities/nobody%40example.test");
        var deleteUnknown = await ses.CallAsync(HttpMethod.Delete, "/v2/email/identities/nobody%40example.test");
        var invalidDomain = await ses.CallAsync(HttpMethod.Post, "/v2/email/identities", """{"EmailIdentity":"not_a_domain"}""");
        var invalidAddress = await ses.CallAsync(HttpMethod.Post, "/v2/email/identities", """{"EmailIdentity":"a b@example.test"}""");
        var missing = await ses.CallAsync(HttpMethod.Post, "/v2/email/identities", "{}");
        var malformedInPath = await ses.CallAsync(HttpMethod.Get, "/v2/email/identities/not_a_domain");

        Assert.Equal((HttpStatusCode.BadRequest, "AlreadyExistsException", $"Email identity {address} already exists."), (duplicate.Status, duplicate.ErrorType, duplicate.Message));
        Assert.Equal((HttpStatusCode.NotFound, "NotFoundException", "Email identity nobody@example.test does not exist."), (unknown.Status, unknown.ErrorType, unknown.Message));
        Assert.Equal("NotFoundException", deleteUnknown.ErrorType);
        Assert.Equal("BadRequestException", invalidDomain.ErrorType);
        Assert.Equal("BadRequestException", invalidAddress.ErrorType);
        Assert.Equal("BadRequestException", missing.ErrorType);
        Assert.Equal(("NotFoundException", "Email identity not_a_domain does not exist."), (malformedInPath.ErrorType, malformedInPath.Message));
    }

    [Fact]
    public async Task ListEmailIdentities_PagesThroughEveryIdentity_AndDeleteRemovesOne()
    {
        await using var host = await Testing.LocalCloudFixture.StartHostAsync();
        using var ses = new SesCaller(new HttpClient { BaseAddress = host.Endpoint });
        var names = Enumerable.Range(0, 7).Select(i => $"user{i}@example.test").ToList();
        foreach (var name in names)
        {
            await ses.VerifyAsync(name);
        }

        await ses.VerifyAsync("example.test");
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await ses.OkAsync(HttpMethod.Get, "/v2/email/identities?PageSize=3" + (token is null ? "" : "&NextToken=" + Uri.EscapeDataString(token)));
            seen.AddRange(page.GetProperty("EmailIdentities").EnumerateArray().Select(i => i.GetProperty("IdentityName").GetString()!));
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);

        await ses.OkAsync(HttpMethod.Delete, "/v2/email/identities/user3%40example.test");
        var after = await ses.OkAsync(HttpMethod.Get, "/v2/email/identities");
        var badToken = await ses.CallAsync(HttpMethod.Get, "/v2/email/identities?NextToken=garbage");
        var badSize = await ses.CallAsync(HttpMethod.Get, "/v2/email/identities?PageSize=1001");

        Assert.Equal(3, pages);
        Assert.Equal([.. names.Append("example.test").Order(StringComparer.Ordinal)], seen);
        Assert.Equal(7, after.GetProperty("EmailIdentities").GetArrayLength());
        Assert.DoesNotContain(after.GetProperty("EmailIdentities").EnumerateArray(), i => i.GetProperty("IdentityName").GetString() == "user3@example.test");
        Assert.Equal("BadRequestException", badToken.ErrorType);
        Assert.Equal("BadRequestException", badSize.ErrorType);
    }
}
