using Aws;
using Aws.Schemas;
using LocalCloud.Testing;

namespace LocalCloud.Schemas.Tests;

public sealed class SchemaRegistryRegionTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private const string Draft4 = """{"$schema":"http://json-schema.org/draft-04/schema#","type":"object"}""";

    private SchemasClient Client(string region, string accessKey = "test") => new(fixture.ClientOptions(region, accessKey));

    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task RegistryInOneRegion_IsInvisibleFromAnother()
    {
        using var west = Client("eu-west-1");
        using var east = Client("us-east-1");
        var name = Unique("reg");

        var created = await west.CreateRegistryAsync(new CreateRegistryRequest { RegistryName = name });
        var schema = await west.CreateSchemaAsync(new CreateSchemaRequest { RegistryName = name, SchemaName = "s", Content = Draft4, Type = "JSONSchemaDraft4" });

        Assert.Equal($"arn:aws:schemas:eu-west-1:000000000000:registry/{name}", created.RegistryArn);
        Assert.Equal($"arn:aws:schemas:eu-west-1:000000000000:schema/{name}/s", schema.SchemaArn);
        Assert.Equal(name, Assert.Single((await west.ListRegistriesAsync(new ListRegistriesRequest { RegistryNamePrefix = name })).Registries).RegistryName);
        Assert.Empty((await east.ListRegistriesAsync(new ListRegistriesRequest { RegistryNamePrefix = name })).Registries);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => east.DescribeRegistryAsync(name));
        Assert.Equal("NotFoundException", error.ErrorCode);
        Assert.Equal($"Registry {name} does not exist.", error.Message);
    }

    [Fact]
    public async Task SameRegistryNameInTwoAccounts_AreTwoRegistries()
    {
        using var mine = Client("us-east-1");
        using var other = Client("us-east-1", accessKey: "333333333333");
        var name = Unique("twin");

        await mine.CreateRegistryAsync(new CreateRegistryRequest { RegistryName = name, Description = "mine" });
        var theirs = await other.CreateRegistryAsync(new CreateRegistryRequest { RegistryName = name, Description = "theirs" });

        Assert.Equal($"arn:aws:schemas:us-east-1:333333333333:registry/{name}", theirs.RegistryArn);
        Assert.Equal("mine", (await mine.DescribeRegistryAsync(name)).Description);
        Assert.Equal("theirs", (await other.DescribeRegistryAsync(name)).Description);
    }
}
