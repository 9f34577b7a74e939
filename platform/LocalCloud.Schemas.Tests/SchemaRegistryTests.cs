using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aws;
using Aws.Schemas;

namespace LocalCloud.Schemas.Tests;

public sealed class SchemaRegistryTests(SchemasHostFixture fixture) : IClassFixture<SchemasHostFixture>
{
    private const string Draft4 = """
        {"$schema":"http://json-schema.org/draft-04/schema#","title":"OrderPlaced","type":"object",
         "required":["orderId"],"properties":{"orderId":{"type":"string"},"total":{"type":"number","minimum":0}}}
        """;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static async Task<AwsServiceException> Fails(Func<Task> call, string code, HttpStatusCode status)
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(call);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(status, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.Message));
        return error;
    }

    private static async Task<string> NewRegistryAsync(SchemasClient client)
    {
        var name = Unique("reg");
        await client.CreateRegistryAsync(new CreateRegistryRequest { RegistryName = name });
        return name;
    }

    [Fact]
    public async Task RegistryLifecycle_CreateDescribeUpdateDelete()
    {
        using var client = fixture.CreateClient();
        var name = Unique("orders");

        var created = await client.CreateRegistryAsync(new CreateRegistryRequest
        {
            RegistryName = name,
            Description = "Order events",
            Tags = new Dictionary<string, string> { ["team"] = "orders" },
        });
        var described = await client.DescribeRegistryAsync(name);
        var updated = await client.UpdateRegistryAsync(new UpdateRegistryRequest { RegistryName = name, Description = "Order and payment events" });
        await client.DeleteRegistryAsync(name);

        Assert.Equal(name, created.RegistryName);
        Assert.Equal($"arn:aws:schemas:us-east-1:000000000000:registry/{name}", created.RegistryArn);
        Assert.Equal("Order events", created.Description);
        Assert.Equal("orders", created.Tags!["team"]);
        Assert.Equal(created with { Tags = null }, described with { Tags = null });
        Assert.Equal(created.Tags, described.Tags);
        Assert.Equal("Order and payment events", updated.Description);
        Assert.Equal("orders", updated.Tags!["team"]);
        await Fails(() => client.DescribeRegistryAsync(name), "NotFoundException", HttpStatusCode.NotFound);
        await Fails(() => client.DeleteRegistryAsync(name), "NotFoundException", HttpStatusCode.NotFound);
        await Fails(() => client.UpdateRegistryAsync(new UpdateRegistryRequest { RegistryName = name, Description = "x" }), "NotFoundException", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateRegistry_Twice_IsAConflict()
    {
        using var client = fixture.CreateClient();
        var name = await NewRegistryAsync(client);

        await Fails(() => client.CreateRegistryAsync(new CreateRegistryRequest { RegistryName = name }), "ConflictException", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ListRegistries_FiltersByPrefixAndPages()
    {
        using var client = fixture.CreateClient();
        var prefix = Unique("page") + "-";
        var names = Enumerable.Range(0, 5).Select(i => prefix + i).ToArray();
        foreach (var name in names.Reverse())
        {
            await client.CreateRegistryAsync(new CreateRegistryRequest { RegistryName = name });
        }

        var first = await client.ListRegistriesAsync(new ListRegistriesRequest { RegistryNamePrefix = prefix, Limit = 2 });
        var second = await client.ListRegistriesAsync(new ListRegistriesRequest { RegistryNamePrefix = prefix, Limit = 2, NextToken = first.NextToken });
        var third = await client.ListRegistriesAsync(new ListRegistriesRequest { RegistryNamePrefix = prefix, Limit = 2, NextToken = second.NextToken });
        var all = new List<string>();
        await foreach (var registry in client.ListAllRegistriesAsync(prefix))
        {
            all.Add(registry.RegistryName!);
        }

        Assert.Equal(names[..2], first.Registries.Select(r => r.RegistryName));
        Assert.Equal(names[2..4], second.Registries.Select(r => r.RegistryName));
        Assert.Equal(names[4..], third.Registries.Select(r => r.RegistryName));
        Assert.NotNull(first.NextToken);
        Assert.Null(third.NextToken);
        Assert.Equal(names, all);
        Assert.All(first.Registries, r => Assert.Equal($"arn:aws:schemas:us-east-1:000000000000:registry/{r.RegistryName}", r.RegistryArn));
        Assert.Empty((await client.ListRegistriesAsync(new ListRegistriesRequest { RegistryNamePrefix = prefix, Scope = "AWS" })).Registries);
    }

    [Fact]
    public async Task CreateSchema_ReturnsVersionOneWithArnTimesAndTags()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        var created = await client.CreateSchemaAsync(new CreateSchemaRequest
        {
            RegistryName = registry,
            SchemaName = "com.example.orders@order.placed.v1",
            Content = Draft4,
            Type = SchemaType.JsonSchemaDraft4,
            Description = "An order was placed",
            Tags = new Dictionary<string, string> { ["owner"] = "orders" },
        });

        var described = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "com.example.orders@order.placed.v1" });

        Assert.Equal("1", created.SchemaVersion);
        Assert.Equal($"arn:aws:schemas:us-east-1:000000000000:schema/{registry}/com.example.orders@order.placed.v1", created.SchemaArn);
        Assert.Equal(SchemaType.JsonSchemaDraft4, created.Type);
        Assert.Equal("orders", created.Tags!["owner"]);
        Assert.Equal(fixture.Clock.GetUtcNow(), created.VersionCreatedDate);
        Assert.Equal(fixture.Clock.GetUtcNow(), created.LastModified);
        Assert.Equal(Draft4, described.Content);
        Assert.Equal("An order was placed", described.Description);
        Assert.Equal("1", described.SchemaVersion);
        Assert.Equal(created.SchemaArn, described.SchemaArn);
        Assert.Equal(SchemaType.JsonSchemaDraft4, described.Type);
    }

    [Fact]
    public async Task UpdateSchema_ContentChangeMakesAVersion_IdenticalContentDoesNot()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });
        var v2Content = Draft4.Replace("\"minimum\":0", "\"minimum\":1", StringComparison.Ordinal);
        var reformatted = JsonNode.Parse(v2Content)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        var v2 = await client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = v2Content });
        var same = await client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = reformatted });
        var described = await client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = registry, SchemaName = "s", Description = "now documented" });
        var latest = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "s" });
        var first = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "s", SchemaVersion = "1" });
        var versions = await client.ListSchemaVersionsAsync(new ListSchemaVersionsRequest { RegistryName = registry, SchemaName = "s" });
        var summary = Assert.Single((await client.ListSchemasAsync(new ListSchemasRequest { RegistryName = registry })).Schemas);

        Assert.Equal("2", v2.SchemaVersion);
        Assert.Equal("2", same.SchemaVersion);
        Assert.Equal("2", described.SchemaVersion);
        Assert.Equal("now documented", described.Description);
        Assert.Equal(v2Content, latest.Content);
        Assert.Equal("now documented", latest.Description);
        Assert.Equal(Draft4, first.Content);
        Assert.Equal("1", first.SchemaVersion);
        Assert.Equal(["1", "2"], versions.SchemaVersions.Select(v => v.SchemaVersion));
        Assert.All(versions.SchemaVersions, v => Assert.Equal(SchemaType.JsonSchemaDraft4, v.Type));
        Assert.Equal(2, summary.VersionCount);
    }

    [Fact]
    public async Task UpdateSchema_TypeChange_ValidatesAndMakesAVersion()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });

        await Fails(() => client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = registry, SchemaName = "s", Type = SchemaType.OpenApi3 }), "BadRequestException", HttpStatusCode.BadRequest);
        var v2 = await client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = registry, SchemaName = "s", Type = SchemaType.OpenApi3, Content = OpenApiEvent });

        Assert.Equal("2", v2.SchemaVersion);
        Assert.Equal(SchemaType.OpenApi3, v2.Type);
        await Fails(() => client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = registry, SchemaName = "missing", Content = Draft4 }), "NotFoundException", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ListSchemas_PagesAndFiltersByPrefix()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        string[] names = ["com.example.notifications@notification.sent.v1", "com.example.orders@order.cancelled.v1", "com.example.orders@order.paid.v1", "com.example.orders@order.placed.v1"];
        foreach (var name in names)
        {
            await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = name, Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });
        }

        var page1 = await client.ListSchemasAsync(new ListSchemasRequest { RegistryName = registry, SchemaNamePrefix = "com.example.orders@", Limit = 2 });
        var page2 = await client.ListSchemasAsync(new ListSchemasRequest { RegistryName = registry, SchemaNamePrefix = "com.example.orders@", Limit = 2, NextToken = page1.NextToken });
        var all = new List<string>();
        await foreach (var schema in client.ListAllSchemasAsync(registry))
        {
            all.Add(schema.SchemaName!);
        }

        Assert.Equal(names[1..3], page1.Schemas.Select(s => s.SchemaName));
        Assert.Equal(names[3..], page2.Schemas.Select(s => s.SchemaName));
        Assert.Null(page2.NextToken);
        Assert.Equal(names, all);
        Assert.All(page1.Schemas, s => Assert.Equal(1, s.VersionCount));
        Assert.Empty((await client.ListSchemasAsync(new ListSchemasRequest { RegistryName = Unique("nothing") })).Schemas);
    }

    [Fact]
    public async Task ListSchemaVersions_Pages()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });
        for (var i = 1; i <= 2; i++)
        {
            await client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4.Replace("\"minimum\":0", $"\"minimum\":{i}", StringComparison.Ordinal) });
        }

        var first = await client.ListSchemaVersionsAsync(new ListSchemaVersionsRequest { RegistryName = registry, SchemaName = "s", Limit = 2 });
        var rest = await client.ListSchemaVersionsAsync(new ListSchemaVersionsRequest { RegistryName = registry, SchemaName = "s", Limit = 2, NextToken = first.NextToken });
        var all = new List<string>();
        await foreach (var version in client.ListAllSchemaVersionsAsync(registry, "s"))
        {
            all.Add(version.SchemaVersion!);
        }

        Assert.Equal(["1", "2"], first.SchemaVersions.Select(v => v.SchemaVersion));
        Assert.Equal(["3"], rest.SchemaVersions.Select(v => v.SchemaVersion));
        Assert.Null(rest.NextToken);
        Assert.Equal(["1", "2", "3"], all);
        await Fails(() => client.ListSchemaVersionsAsync(new ListSchemaVersionsRequest { RegistryName = registry, SchemaName = "missing" }), "NotFoundException", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteSchemaVersion_RemovesOneVersion_AndNumbersAreNotReused()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });
        await client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4.Replace("\"minimum\":0", "\"minimum\":2", StringComparison.Ordinal) });

        await client.DeleteSchemaVersionAsync(registry, "s", "2");
        var latest = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "s" });
        var v3 = await client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4.Replace("\"minimum\":0", "\"minimum\":3", StringComparison.Ordinal) });
        await client.DeleteSchemaVersionAsync(registry, "s", "1");

        Assert.Equal("1", latest.SchemaVersion);
        Assert.Equal("3", v3.SchemaVersion);
        Assert.Equal(["3"], (await client.ListSchemaVersionsAsync(new ListSchemaVersionsRequest { RegistryName = registry, SchemaName = "s" })).SchemaVersions.Select(v => v.SchemaVersion));
        await Fails(() => client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "s", SchemaVersion = "1" }), "NotFoundException", HttpStatusCode.NotFound);
        await Fails(() => client.DeleteSchemaVersionAsync(registry, "s", "1"), "NotFoundException", HttpStatusCode.NotFound);
        await Fails(() => client.DeleteSchemaVersionAsync(registry, "s", "latest"), "NotFoundException", HttpStatusCode.NotFound);

        await client.DeleteSchemaVersionAsync(registry, "s", "3");
        await Fails(() => client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "s" }), "NotFoundException", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteSchema_RemovesAllVersions()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });

        await client.DeleteSchemaAsync(registry, "s");

        await Fails(() => client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "s" }), "NotFoundException", HttpStatusCode.NotFound);
        await Fails(() => client.DeleteSchemaAsync(registry, "s"), "NotFoundException", HttpStatusCode.NotFound);
        Assert.Empty((await client.ListSchemasAsync(new ListSchemasRequest { RegistryName = registry })).Schemas);
        var recreated = await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });
        Assert.Equal("1", recreated.SchemaVersion);
    }

    [Fact]
    public async Task DeleteRegistry_RemovesItsSchemas()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });

        await client.DeleteRegistryAsync(registry);
        await client.CreateRegistryAsync(new CreateRegistryRequest { RegistryName = registry });

        Assert.Empty((await client.ListSchemasAsync(new ListSchemasRequest { RegistryName = registry })).Schemas);
    }

    [Fact]
    public async Task SearchSchemas_MatchesEveryKeywordInNameOrContent_WithVersions()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "com.example.orders@order.placed.v1", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await client.UpdateSchemaAsync(new UpdateSchemaRequest { RegistryName = registry, SchemaName = "com.example.orders@order.placed.v1", Content = Draft4.Replace("\"minimum\":0", "\"minimum\":1", StringComparison.Ordinal) });
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "com.example.notifications@notification.sent.v1", Content = OpenApiEvent, Type = SchemaType.OpenApi3 });

        var byName = await client.SearchSchemasAsync(new SearchSchemasRequest { RegistryName = registry, Keywords = "ORDER.PLACED" });
        var byContent = await client.SearchSchemasAsync(new SearchSchemasRequest { RegistryName = registry, Keywords = "channel" });
        var both = await client.SearchSchemasAsync(new SearchSchemasRequest { RegistryName = registry, Keywords = "com.example orderId" });
        var none = await client.SearchSchemasAsync(new SearchSchemasRequest { RegistryName = registry, Keywords = "orders channel" });

        var hit = Assert.Single(byName.Schemas);
        Assert.Equal("com.example.orders@order.placed.v1", hit.SchemaName);
        Assert.Equal(registry, hit.RegistryName);
        Assert.Equal($"arn:aws:schemas:us-east-1:000000000000:schema/{registry}/com.example.orders@order.placed.v1", hit.SchemaArn);
        Assert.Equal(["1", "2"], hit.SchemaVersions.Select(v => v.SchemaVersion));
        Assert.Equal(hit.SchemaVersions[0].CreatedDate!.Value.AddMinutes(1), hit.SchemaVersions[1].CreatedDate);
        Assert.All(hit.SchemaVersions, v => Assert.Equal(SchemaType.JsonSchemaDraft4, v.Type));
        Assert.Equal("com.example.notifications@notification.sent.v1", Assert.Single(byContent.Schemas).SchemaName);
        Assert.Equal("com.example.orders@order.placed.v1", Assert.Single(both.Schemas).SchemaName);
        Assert.Empty(none.Schemas);
        await Fails(() => client.SearchSchemasAsync(new SearchSchemasRequest { RegistryName = registry, Keywords = " " }), "BadRequestException", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ExportSchema_Draft4SchemaIsReturnedAsRegistered()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });

        var exported = await client.ExportSchemaAsync(new ExportSchemaRequest { RegistryName = registry, SchemaName = "s" });

        Assert.Equal(Draft4, exported.Content);
        Assert.Equal("1", exported.SchemaVersion);
        Assert.Equal("s", exported.SchemaName);
        Assert.Equal(SchemaType.JsonSchemaDraft4, exported.Type);
        Assert.Equal($"arn:aws:schemas:us-east-1:000000000000:schema/{registry}/s", exported.SchemaArn);
    }

    [Fact]
    public async Task ExportSchema_OpenApiEventBecomesTheDraft4Envelope()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "sent", Content = OpenApiEvent, Type = SchemaType.OpenApi3 });

        var exported = await client.ExportSchemaAsync(new ExportSchemaRequest { RegistryName = registry, SchemaName = "sent", SchemaVersion = "1" });

        var content = JsonNode.Parse(exported.Content!)!.AsObject();
        Assert.Equal("http://json-schema.org/draft-04/schema#", (string?)content["$schema"]);
        Assert.Equal("NotificationSent", (string?)content["title"]);
        Assert.Equal("object", (string?)content["type"]);
        Assert.Equal("notification.sent.v1", (string?)content["x-amazon-events-detail-type"]);
        Assert.Equal("com.example.notifications", (string?)content["x-amazon-events-source"]);
        Assert.Equal(["detail-type", "resources", "detail", "id", "source", "time", "region", "version", "account"], content["required"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("#/definitions/NotificationSent", (string?)content["properties"]!["detail"]!["$ref"]);
        Assert.Equal("date-time", (string?)content["properties"]!["time"]!["format"]);
        var detail = content["definitions"]!["NotificationSent"]!;
        Assert.Equal("#/definitions/Channel", (string?)detail["properties"]!["channel"]!["$ref"]);
        Assert.Equal(["string", "null"], detail["properties"]!["template"]!["type"]!.AsArray().Select(n => (string?)n));
        Assert.Null(detail["properties"]!["template"]!["nullable"]);
        Assert.NotNull(content["definitions"]!["Channel"]);
        Assert.Null(content["definitions"]!["AWSEvent"]);
        Assert.Equal(SchemaType.JsonSchemaDraft4, exported.Type);
        await Fails(() => client.ExportSchemaAsync(new ExportSchemaRequest { RegistryName = registry, SchemaName = "sent", Type = SchemaType.OpenApi3 }), "BadRequestException", HttpStatusCode.BadRequest);
        await Fails(() => client.ExportSchemaAsync(new ExportSchemaRequest { RegistryName = registry, SchemaName = "sent", SchemaVersion = "9" }), "NotFoundException", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(SchemaType.JsonSchemaDraft4, "{not json")]
    [InlineData(SchemaType.JsonSchemaDraft4, "[1,2]")]
    [InlineData(SchemaType.JsonSchemaDraft4, """{"$schema":"http://json-schema.org/draft-07/schema#","type":"object"}""")]
    [InlineData(SchemaType.JsonSchemaDraft4, """{"type":"objekt"}""")]
    [InlineData(SchemaType.JsonSchemaDraft4, """{"type":"object","required":[]}""")]
    [InlineData(SchemaType.JsonSchemaDraft4, """{"type":"object","properties":{"a":5}}""")]
    [InlineData(SchemaType.JsonSchemaDraft4, """{"minimum":"zero"}""")]
    [InlineData(SchemaType.OpenApi3, Draft4)]
    [InlineData(SchemaType.OpenApi3, """{"openapi":"2.0","info":{"title":"t","version":"1"}}""")]
    [InlineData(SchemaType.OpenApi3, """{"openapi":"3.0.0","info":{"title":"t"}}""")]
    [InlineData(SchemaType.OpenApi3, """{"openapi":"3.0.0","info":{"title":"t","version":"1"},"components":{"schemas":{"A":{"type":["string","null"]}}}}""")]
    [InlineData("Avro", Draft4)]
    [InlineData(SchemaType.JsonSchemaDraft4, "")]
    [InlineData(SchemaType.JsonSchemaDraft4, """{"type":"object","type":"string"}""")]
    [InlineData(SchemaType.OpenApi3, """{"openapi":"3.0.0","openapi":"3.0.1","info":{"title":"t","version":"1"}}""")]
    public async Task CreateSchema_WithInvalidContentOrType_IsABadRequest(string type, string content)
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);

        await Fails(() => client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = content, Type = type }), "BadRequestException", HttpStatusCode.BadRequest);
        Assert.Empty((await client.ListSchemasAsync(new ListSchemasRequest { RegistryName = registry })).Schemas);
    }

    [Fact]
    public async Task CreateSchema_NestedTooDeeply_IsABadRequest()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        var deep = "{\"type\":\"object\",\"default\":" + new string('[', 300) + new string(']', 300) + "}";

        await Fails(() => client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = deep, Type = SchemaType.JsonSchemaDraft4 }), "BadRequestException", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CreateSchema_LimitsAndConflicts()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);
        var huge = "{\"description\":\"" + new string('x', 100_000) + "\"}";

        await Fails(() => client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = huge, Type = SchemaType.JsonSchemaDraft4 }), "BadRequestException", HttpStatusCode.BadRequest);
        await Fails(() => client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4, Description = new string('d', 257) }), "BadRequestException", HttpStatusCode.BadRequest);
        await Fails(() => client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "bad name!", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 }), "BadRequestException", HttpStatusCode.BadRequest);
        await Fails(() => client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = Unique("missing"), SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 }), "NotFoundException", HttpStatusCode.NotFound);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });
        await Fails(() => client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 }), "ConflictException", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Paging_BadLimitOrToken_IsABadRequest()
    {
        using var client = fixture.CreateClient();
        var registry = await NewRegistryAsync(client);

        await Fails(() => client.ListSchemasAsync(new ListSchemasRequest { RegistryName = registry, Limit = 0 }), "BadRequestException", HttpStatusCode.BadRequest);
        await Fails(() => client.ListRegistriesAsync(new ListRegistriesRequest { NextToken = "not-a-token" }), "BadRequestException", HttpStatusCode.BadRequest);
        await client.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = registry, SchemaName = "s", Content = Draft4, Type = SchemaType.JsonSchemaDraft4 });
        await Fails(() => client.ListSchemaVersionsAsync(new ListSchemaVersionsRequest { RegistryName = registry, SchemaName = "s", NextToken = "%%%" }), "BadRequestException", HttpStatusCode.BadRequest);
        await Fails(() => client.SearchSchemasAsync(new SearchSchemasRequest { RegistryName = registry, Keywords = "s", Limit = -1 }), "BadRequestException", HttpStatusCode.BadRequest);
    }

    internal const string OpenApiEvent = """
        {"openapi":"3.0.0","info":{"version":"1.0.0","title":"NotificationSent"},"paths":{},
         "components":{"schemas":{
           "AWSEvent":{"type":"object","required":["detail-type","resources","detail","id","source","time","region","version","account"],
             "x-amazon-events-detail-type":"notification.sent.v1","x-amazon-events-source":"com.example.notifications",
             "properties":{"detail":{"$ref":"#/components/schemas/NotificationSent"},"account":{"type":"string"},"detail-type":{"type":"string"},
               "id":{"type":"string"},"region":{"type":"string"},"resources":{"type":"array","items":{"type":"string"}},
               "source":{"type":"string"},"time":{"type":"string","format":"date-time"},"version":{"type":"string"}}},
           "NotificationSent":{"type":"object","required":["notificationId","channel"],
             "properties":{"notificationId":{"type":"string"},"channel":{"$ref":"#/components/schemas/Channel"},
               "template":{"type":"string","nullable":true}}},
           "Channel":{"type":"string","enum":["email","sms"]}}}}
        """;
}
