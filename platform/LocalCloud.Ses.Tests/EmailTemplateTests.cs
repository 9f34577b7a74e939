using System.Net;

namespace LocalCloud.Ses.Tests;

public sealed class EmailTemplateTests(SesHostFixture fixture) : IClassFixture<SesHostFixture>
{
    private static string Name() => "tpl-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Templates_AreCreatedReadUpdatedAndDeleted()
    {
        using var ses = fixture.Ses();
        var name = Name();

        var created = await ses.CallAsync(HttpMethod.Post, "/v2/email/templates",
            $$$"""{"TemplateName":"{{{name}}}","TemplateContent":{"Subject":"Hi {{name}}","Text":"t","Html":"<p>h</p>"},"Tags":[{"Key":"k","Value":"v"}]}""");
        var got = await ses.OkAsync(HttpMethod.Get, "/v2/email/templates/" + name);
        var updated = await ses.CallAsync(HttpMethod.Put, "/v2/email/templates/" + name, """{"TemplateContent":{"Subject":"Bye"}}""");
        var afterUpdate = await ses.OkAsync(HttpMethod.Get, "/v2/email/templates/" + name);
        var deleted = await ses.CallAsync(HttpMethod.Delete, "/v2/email/templates/" + name);
        var gone = await ses.CallAsync(HttpMethod.Get, "/v2/email/templates/" + name);

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("{}", created.Body.GetRawText());
        Assert.Equal(name, got.GetProperty("TemplateName").GetString());
        Assert.Equal("Hi {{name}}", got.GetProperty("TemplateContent").GetProperty("Subject").GetString());
        Assert.Equal("<p>h</p>", got.GetProperty("TemplateContent").GetProperty("Html").GetString());
        Assert.Equal("v", got.GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("Bye", afterUpdate.GetProperty("TemplateContent").GetProperty("Subject").GetString());
        Assert.False(afterUpdate.GetProperty("TemplateContent").TryGetProperty("Text", out _));
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal((HttpStatusCode.NotFound, "NotFoundException", $"Template {name} does not exist."), (gone.Status, gone.ErrorType, gone.Message));
    }

    [Fact]
    public async Task DuplicateUnknownAndInvalidTemplates_AreAnsweredWithSesErrors()
    {
        using var ses = fixture.Ses();
        var name = Name();
        await ses.OkAsync(HttpMethod.Post, "/v2/email/templates", $$$"""{"TemplateName":"{{{name}}}","TemplateContent":{"Subject":"s"}}""");

        var duplicate = await ses.CallAsync(HttpMethod.Post, "/v2/email/templates", $$$"""{"TemplateName":"{{{name}}}","TemplateContent":{"Subject":"s"}}""");
        var updateUnknown = await ses.CallAsync(HttpMethod.Put, "/v2/email/templates/nope", """{"TemplateContent":{"Subject":"s"}}""");
        var deleteUnknown = await ses.CallAsync(HttpMethod.Delete, "/v2/email/templates/nope");
        var getMalformed = await ses.CallAsync(HttpMethod.Get, "/v2/email/templates/has%20space");
        var badName = await ses.CallAsync(HttpMethod.Post, "/v2/email/templates", """{"TemplateName":"has space","TemplateContent":{}}""");
        var noContent = await ses.CallAsync(HttpMethod.Post, "/v2/email/templates", """{"TemplateName":"x"}""");
        var tooBig = await ses.CallAsync(HttpMethod.Post, "/v2/email/templates", $$$"""{"TemplateName":"big","TemplateContent":{"Html":"{{{new string('x', 600_000)}}}"}}""");

        Assert.Equal((HttpStatusCode.BadRequest, "AlreadyExistsException", $"Template {name} already exists."), (duplicate.Status, duplicate.ErrorType, duplicate.Message));
        Assert.Equal((HttpStatusCode.NotFound, "NotFoundException"), (updateUnknown.Status, updateUnknown.ErrorType));
        Assert.Equal("NotFoundException", deleteUnknown.ErrorType);
        Assert.Equal(("NotFoundException", "Template has space does not exist."), (getMalformed.ErrorType, getMalformed.Message));
        Assert.Equal("BadRequestException", badName.ErrorType);
        Assert.Equal("BadRequestException", noContent.ErrorType);
        Assert.Equal("BadRequestException", tooBig.ErrorType);
    }

    [Fact]
    public async Task ListEmailTemplates_PagesInNameOrderWithCreationTimes()
    {
        await using var host = await Testing.LocalCloudFixture.StartHostAsync();
        using var ses = new SesCaller(new HttpClient { BaseAddress = host.Endpoint });
        foreach (var name in new[] { "c", "a", "b", "e", "d" })
        {
            await ses.OkAsync(HttpMethod.Post, "/v2/email/templates", $$$"""{"TemplateName":"{{{name}}}","TemplateContent":{"Subject":"s"}}""");
        }

        var first = await ses.OkAsync(HttpMethod.Get, "/v2/email/templates?PageSize=2");
        var second = await ses.OkAsync(HttpMethod.Get, "/v2/email/templates?PageSize=10&NextToken=" + Uri.EscapeDataString(first.GetProperty("NextToken").GetString()!));
        var tooMany = await ses.CallAsync(HttpMethod.Get, "/v2/email/templates?PageSize=101");

        Assert.Equal(["a", "b"], first.GetProperty("TemplatesMetadata").EnumerateArray().Select(t => t.GetProperty("TemplateName").GetString()));
        Assert.Equal(["c", "d", "e"], second.GetProperty("TemplatesMetadata").EnumerateArray().Select(t => t.GetProperty("TemplateName").GetString()));
        Assert.False(second.TryGetProperty("NextToken", out _));
        Assert.Equal(System.Text.Json.JsonValueKind.Number, first.GetProperty("TemplatesMetadata")[0].GetProperty("CreatedTimestamp").ValueKind);
        Assert.Equal("BadRequestException", tooMany.ErrorType);
    }

    [Fact]
    public async Task TestRenderEmailTemplate_ReturnsTheRenderedMimeMessage()
    {
        using var ses = fixture.Ses();
        var name = Name();
        await ses.OkAsync(HttpMethod.Post, "/v2/email/templates",
            $$$$"""{"TemplateName":"{{{{name}}}}","TemplateContent":{"Subject":"Order {{id}}","Text":"Dear {{who.name}}","Html":"<b>{{who.name}}</b> {{{raw}}}"}}""");

        var rendered = await ses.OkAsync(HttpMethod.Post, $"/v2/email/templates/{name}/render",
            """{"TemplateData":"{\"id\":7,\"who\":{\"name\":\"<Ann>\"},\"raw\":\"<i>x</i>\"}"}""");
        var missing = await ses.CallAsync(HttpMethod.Post, $"/v2/email/templates/{name}/render", """{"TemplateData":"{\"id\":7}"}""");
        var notJson = await ses.CallAsync(HttpMethod.Post, $"/v2/email/templates/{name}/render", """{"TemplateData":"{oops"}""");
        var noData = await ses.CallAsync(HttpMethod.Post, $"/v2/email/templates/{name}/render", "{}");
        var unknown = await ses.CallAsync(HttpMethod.Post, "/v2/email/templates/nope/render", """{"TemplateData":"{}"}""");

        var text = rendered.GetProperty("RenderedTemplate").GetString()!;
        Assert.StartsWith("Subject: Order 7\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Dear <Ann>", text, StringComparison.Ordinal);
        Assert.Contains("<b>&lt;Ann&gt;</b> <i>x</i>", text, StringComparison.Ordinal);
        Assert.Equal(("BadRequestException", "Attribute 'who.name' is not present in the rendering data."), (missing.ErrorType, missing.Message));
        Assert.Equal("BadRequestException", notJson.ErrorType);
        Assert.Equal("BadRequestException", noData.ErrorType);
        Assert.Equal("NotFoundException", unknown.ErrorType);
    }
}
