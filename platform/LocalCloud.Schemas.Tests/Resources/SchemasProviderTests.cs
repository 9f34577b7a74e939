using System.Text.Json.Nodes;
using Aws;
using Aws.Schemas;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Testing.Resources;

namespace LocalCloud.Schemas.Tests.Resources;

public sealed class SchemasProviderTests(SchemasHostFixture fixture) : IClassFixture<SchemasHostFixture>
{
    private const string Registry = "AWS::EventSchemas::Registry";
    private const string Schema = "AWS::EventSchemas::Schema";
    private const string Draft4 = """{"$schema":"http://json-schema.org/draft-04/schema#","type":"object","properties":{"id":{"type":"string"}}}""";
    private const string Draft4Changed = """{"$schema":"http://json-schema.org/draft-04/schema#","type":"object","properties":{"id":{"type":"integer"}}}""";

    private ResourceOperations Stack() => new(fixture.Host, "stack" + Guid.NewGuid().ToString("N")[..6]);

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    private static JsonArray Tags(params (string Key, string Value)[] tags) =>
        new([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);

    [Fact]
    public async Task Registry_CreateUpdateDelete()
    {
        var stack = Stack();
        using var client = fixture.CreateClient();
        var name = NewName("reg");
        var before = new JsonObject { ["RegistryName"] = name, ["Description"] = "first", ["Tags"] = Tags(("a", "1")) };

        var created = await stack.CreateAsync(Registry, "Registry", before);

        var arn = $"arn:aws:schemas:us-east-1:000000000000:registry/{name}";
        Assert.Equal(arn, created.PhysicalId);
        Assert.Equal(arn, created.Attributes["RegistryArn"]!.GetValue<string>());
        Assert.Equal(name, created.Attributes["RegistryName"]!.GetValue<string>());
        var described = await client.DescribeRegistryAsync(name);
        Assert.Equal("first", described.Description);
        Assert.Equal("1", described.Tags!["a"]);
        Assert.Equal("Registry", described.Tags["aws:cloudformation:logical-id"]);

        var after = new JsonObject { ["RegistryName"] = name, ["Description"] = "second", ["Tags"] = Tags(("b", "2")) };
        var updated = await stack.UpdateAsync(Registry, "Registry", created, before, after);

        Assert.Equal(arn, updated.PhysicalId);
        described = await client.DescribeRegistryAsync(name);
        Assert.Equal("second", described.Description);
        Assert.False(described.Tags!.ContainsKey("a"));
        Assert.Equal("2", described.Tags["b"]);

        await stack.DeleteAsync(Registry, "Registry", after, updated);
        await stack.DeleteAsync(Registry, "Registry", after, updated);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeRegistryAsync(name));
        Assert.Equal("NotFoundException", error.ErrorCode);
    }

    [Fact]
    public async Task Registry_WithoutName_IsGenerated_AndAnInterruptedCreateIsDeleted()
    {
        var stack = Stack();
        using var client = fixture.CreateClient();

        var created = await stack.CreateAsync(Registry, "Generated", []);

        var name = stack.GeneratedName("Generated", 64);
        Assert.Equal(name, created.Attributes["RegistryName"]!.GetValue<string>());
        Assert.Equal(name, (await client.DescribeRegistryAsync(name)).RegistryName);

        await stack.DeleteAsync(Registry, "Generated", [], current: null);
        await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeRegistryAsync(name));
    }

    [Fact]
    public async Task Registry_ExistingName_FailsWithTheServiceMessage()
    {
        var name = NewName("dup");
        await Stack().CreateAsync(Registry, "First", new JsonObject { ["RegistryName"] = name });

        var error = await Assert.ThrowsAsync<ServiceException>(() => Stack().CreateAsync(Registry, "Second", new JsonObject { ["RegistryName"] = name }));

        Assert.Equal($"Registry {name} already exists.", error.Message);
    }

    [Fact]
    public async Task Schema_CreateUpdateMakesANewVersion_DescriptionOnlyDoesNot_DeleteRemovesIt()
    {
        var stack = Stack();
        using var client = fixture.CreateClient();
        var registry = NewName("reg");
        await stack.CreateAsync(Registry, "Registry", new JsonObject { ["RegistryName"] = registry });
        var v1 = new JsonObject { ["RegistryName"] = registry, ["SchemaName"] = "order.placed", ["Type"] = "JSONSchemaDraft4", ["Content"] = Draft4 };

        var created = await stack.CreateAsync(Schema, "Schema", v1);

        var arn = $"arn:aws:schemas:us-east-1:000000000000:schema/{registry}/order.placed";
        Assert.Equal(arn, created.PhysicalId);
        Assert.Equal(arn, created.Attributes["SchemaArn"]!.GetValue<string>());
        Assert.Equal("order.placed", created.Attributes["SchemaName"]!.GetValue<string>());
        Assert.Equal("1", created.Attributes["SchemaVersion"]!.GetValue<string>());

        var v2 = new JsonObject { ["RegistryName"] = registry, ["SchemaName"] = "order.placed", ["Type"] = "JSONSchemaDraft4", ["Content"] = Draft4Changed, ["Tags"] = Tags(("t", "v")) };
        var updated = await stack.UpdateAsync(Schema, "Schema", created, v1, v2);

        Assert.Equal("2", updated.Attributes["SchemaVersion"]!.GetValue<string>());
        var described = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "order.placed" });
        Assert.Equal(Draft4Changed, described.Content);
        Assert.Equal("v", described.Tags!["t"]);

        var v3 = new JsonObject { ["RegistryName"] = registry, ["SchemaName"] = "order.placed", ["Type"] = "JSONSchemaDraft4", ["Content"] = Draft4Changed, ["Description"] = "orders" };
        var third = await stack.UpdateAsync(Schema, "Schema", updated, v2, v3);

        Assert.Equal("2", third.Attributes["SchemaVersion"]!.GetValue<string>());
        described = await client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "order.placed" });
        Assert.Equal("orders", described.Description);
        Assert.False(described.Tags!.ContainsKey("t"));

        await stack.DeleteAsync(Schema, "Schema", v3, third);
        await stack.DeleteAsync(Schema, "Schema", v3, third);
        await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = "order.placed" }));
    }

    [Fact]
    public async Task Schema_WithoutName_IsGenerated_AndAnInterruptedCreateIsDeleted()
    {
        var stack = Stack();
        using var client = fixture.CreateClient();
        var registry = NewName("reg");
        await stack.CreateAsync(Registry, "Registry", new JsonObject { ["RegistryName"] = registry });
        var properties = new JsonObject { ["RegistryName"] = registry, ["Type"] = "JSONSchemaDraft4", ["Content"] = Draft4 };

        var created = await stack.CreateAsync(Schema, "Event", properties);
        var name = stack.GeneratedName("Event", 385);
        Assert.Equal(name, created.Attributes["SchemaName"]!.GetValue<string>());

        await stack.DeleteAsync(Schema, "Event", properties, current: null);
        await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = registry, SchemaName = name }));
    }

    [Fact]
    public async Task Schema_InvalidContent_FailsWithTheServiceMessage()
    {
        var stack = Stack();
        var registry = NewName("reg");
        await stack.CreateAsync(Registry, "Registry", new JsonObject { ["RegistryName"] = registry });
        var properties = new JsonObject { ["RegistryName"] = registry, ["SchemaName"] = "bad", ["Type"] = "JSONSchemaDraft4", ["Content"] = """{"type": 5}""" };

        var error = await Assert.ThrowsAsync<ServiceException>(() => stack.CreateAsync(Schema, "Bad", properties));

        Assert.Equal("BadRequestException", error.Code);
        Assert.Contains("type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_UnknownRegistry_FailsWithTheServiceMessage()
    {
        var properties = new JsonObject { ["RegistryName"] = "no-such-registry", ["SchemaName"] = "s", ["Type"] = "JSONSchemaDraft4", ["Content"] = Draft4 };

        var error = await Assert.ThrowsAsync<ServiceException>(() => Stack().CreateAsync(Schema, "Orphan", properties));

        Assert.Equal("NotFoundException", error.Code);
    }

    [Fact]
    public void Properties_FollowTheResourceReference()
    {
        var stack = Stack();

        Assert.Equal(UpdateBehavior.Replacement, stack.Provider(Registry).Properties["RegistryName"]);
        Assert.Equal(UpdateBehavior.Replacement, stack.Provider(Schema).Properties["RegistryName"]);
        Assert.Equal(UpdateBehavior.Replacement, stack.Provider(Schema).Properties["SchemaName"]);
        Assert.Equal(UpdateBehavior.NoInterruption, stack.Provider(Schema).Properties["Content"]);
    }
}
