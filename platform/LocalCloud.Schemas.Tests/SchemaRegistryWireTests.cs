using System.Net;
using System.Text.Json;
using Aws.Schemas;
using LocalCloud.Testing;

namespace LocalCloud.Schemas.Tests;

public sealed class SchemaRegistryWireTests(SchemasHostFixture fixture) : IClassFixture<SchemasHostFixture>
{
    [Fact]
    public async Task RestJsonShapes_StatusCodesHeadersAndMemberNames()
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.Endpoint };
        var registry = "wire-" + Guid.NewGuid().ToString("N");

        using var created = await RestJsonCall.SendAsync(http, HttpMethod.Post, $"/v1/registries/name/{registry}", """{"Description":"d","tags":{"k":"v"}}""");
        using var schema = await RestJsonCall.SendAsync(
            http,
            HttpMethod.Post,
            $"/v1/registries/name/{registry}/schemas/name/a%40b",
            """{"Type":"JSONSchemaDraft4","Content":"{\"type\":\"object\"}"}""");
        using var missing = await RestJsonCall.SendAsync(http, HttpMethod.Get, $"/v1/registries/name/{registry}/schemas/name/nope");
        using var deleted = await RestJsonCall.SendAsync(http, HttpMethod.Delete, $"/v1/registries/name/{registry}/schemas/name/a@b");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()))
        {
            Assert.Equal("v", body.RootElement.GetProperty("tags").GetProperty("k").GetString());
            Assert.Equal(registry, body.RootElement.GetProperty("RegistryName").GetString());
        }

        Assert.Equal(HttpStatusCode.Created, schema.StatusCode);
        using (var body = JsonDocument.Parse(await schema.Content.ReadAsStringAsync()))
        {
            Assert.Equal("a@b", body.RootElement.GetProperty("SchemaName").GetString());
            Assert.Equal("2026-03-01T12:00:00.000Z", body.RootElement.GetProperty("VersionCreatedDate").GetString());
        }

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NotFoundException", missing.Headers.GetValues("X-Amzn-ErrorType").Single());
        Assert.True(missing.Headers.Contains("x-amzn-RequestId"));
        using (var body = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()))
        {
            Assert.Contains("nope", body.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
            Assert.Equal("NotFoundException", body.RootElement.GetProperty("Code").GetString());
        }

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Theory]
    [InlineData("""{"Type":"JSONSchemaDraft4","Content":5}""")]
    [InlineData("""{"Type":["JSONSchemaDraft4"],"Content":"{}"}""")]
    [InlineData("""[]""")]
    [InlineData("""{"Type":"JSONSchemaDraft4","Content":"{}",""")]
    [InlineData("""not json at all""")]
    [InlineData("""{"Type":"JSONSchemaDraft4","Content":"{}","tags":{"k":1}}""")]
    [InlineData("""{}""")]
    public async Task MalformedBodies_AreBadRequests(string body)
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.Endpoint };
        var registry = "bad-" + Guid.NewGuid().ToString("N");
        using var created = await RestJsonCall.SendAsync(http, HttpMethod.Post, $"/v1/registries/name/{registry}", "{}");

        using var response = await RestJsonCall.SendAsync(http, HttpMethod.Post, $"/v1/registries/name/{registry}/schemas/name/s", body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequestException", response.Headers.GetValues("X-Amzn-ErrorType").Single());
    }

    [Fact]
    public async Task AcknowledgedSchemas_SurviveARestartOnTheSameData()
    {
        var directory = Path.Combine(Path.GetTempPath(), "localcloud-schemas-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var host = await LocalCloudFixture.StartHostAsync(o => { o.InMemory = false; o.DataDirectory = directory; }))
            {
                using var client = SchemasHostFixture.CreateClient(host);
                await client.CreateRegistryAsync(new CreateRegistryRequest { RegistryName = "durable", Description = "kept" });
                await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = "durable", SchemaName = "s", Type = SchemaType.JsonSchemaDraft4, Content = """{"type":"object"}""" });
                await client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = "durable", SchemaName = "s", Content = """{"type":"string"}""" });
            }

            await using (var host = await LocalCloudFixture.StartHostAsync(o => { o.InMemory = false; o.DataDirectory = directory; }))
            {
                using var client = SchemasHostFixture.CreateClient(host);
                var registry = await client.DescribeRegistryAsync("durable");
                var schema = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = "durable", SchemaName = "s" });
                var first = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = "durable", SchemaName = "s", SchemaVersion = "1" });

                Assert.Equal("kept", registry.Description);
                Assert.Equal("2", schema.SchemaVersion);
                Assert.Equal("""{"type":"string"}""", schema.Content);
                Assert.Equal("""{"type":"object"}""", first.Content);
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
