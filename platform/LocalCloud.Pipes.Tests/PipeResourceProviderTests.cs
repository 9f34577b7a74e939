using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Pipes.Tests;

public sealed class PipeResourceProviderTests(PipesFixture fixture) : IClassFixture<PipesFixture>
{
    private IResourceProvider Provider => fixture.Services.GetServices<IResourceProvider>().Single(p => p.ResourceType == "AWS::Pipes::Pipe");

    private ResourceOperation Operation(JsonObject properties, JsonObject? previous = null) => new()
    {
        Context = new RequestContext { RequestId = Guid.NewGuid().ToString(), Region = "us-east-1", AccountId = "000000000000", Endpoint = fixture.Endpoint },
        StackName = "shop",
        StackId = "arn:aws:cloudformation:us-east-1:000000000000:stack/shop/1",
        LogicalId = "OutboxPipe",
        ResourceType = "AWS::Pipes::Pipe",
        Properties = properties,
        PreviousProperties = previous,
        GeneratedName = max => ("shop-OutboxPipe-ABCDEFGHIJKLM")[..Math.Min(max, 29)],
        Tags = new Dictionary<string, string> { ["aws:cloudformation:stack-name"] = "shop" },
    };

    private static JsonObject Properties(string stream, string startingPosition = "LATEST", int batchSize = 10) => new()
    {
        ["Source"] = stream,
        ["Target"] = "arn:aws:events:us-east-1:000000000000:event-bus/cfn",
        ["RoleArn"] = PipesApi.Role,
        ["SourceParameters"] = new JsonObject
        {
            ["DynamoDBStreamParameters"] = new JsonObject { ["StartingPosition"] = startingPosition, ["BatchSize"] = batchSize },
        },
        ["Tags"] = new JsonObject { ["team"] = "orders" },
    };

    [Fact]
    public void Properties_MarkNameAndSourceForReplacement()
    {
        Assert.Equal(UpdateBehavior.Replacement, Provider.Properties["Name"]);
        Assert.Equal(UpdateBehavior.Replacement, Provider.Properties["Source"]);
        Assert.Equal(UpdateBehavior.NoInterruption, Provider.Properties["TargetParameters"]);
    }

    [Fact]
    public async Task Create_Update_Delete_ThroughThePipeOperations()
    {
        using var api = fixture.Api;
        var stream = fixture.Streams.Create("cfn");

        var created = await Provider.CreateAsync(Operation(Properties(stream)), CancellationToken.None);
        var state = new ResourceState(created, Properties(stream));
        var updated = await Provider.UpdateAsync(Operation(Properties(stream, batchSize: 20), Properties(stream)), state, CancellationToken.None);
        var described = await api.DescribeAsync(created.PhysicalId);
        var replaced = await Provider.UpdateAsync(Operation(Properties(stream, "TRIM_HORIZON", 20), Properties(stream, batchSize: 20)), new ResourceState(updated, Properties(stream, batchSize: 20)), CancellationToken.None);
        var afterReplace = await api.DescribeAsync(created.PhysicalId);
        await Provider.DeleteAsync(Operation(Properties(stream, "TRIM_HORIZON", 20)), new ResourceState(replaced, Properties(stream, "TRIM_HORIZON", 20)), CancellationToken.None);
        var (gone, _, response) = await api.SendAsync(HttpMethod.Get, "/v1/pipes/" + created.PhysicalId);
        response.Dispose();

        Assert.Equal("shop-OutboxPipe-ABCDEFGHIJKLM", created.PhysicalId);
        Assert.Equal("arn:aws:pipes:us-east-1:000000000000:pipe/shop-OutboxPipe-ABCDEFGHIJKLM", created.Attributes["Arn"]!.GetValue<string>());
        Assert.Equal("RUNNING", created.Attributes["CurrentState"]!.GetValue<string>());
        Assert.True(created.Attributes.ContainsKey("CreationTime"));
        Assert.Equal(created.PhysicalId, updated.PhysicalId);
        Assert.Equal(20, described.GetProperty("SourceParameters").GetProperty("DynamoDBStreamParameters").GetProperty("BatchSize").GetInt32());
        Assert.Equal("orders", described.GetProperty("Tags").GetProperty("team").GetString());
        Assert.Equal("shop", described.GetProperty("Tags").GetProperty("aws:cloudformation:stack-name").GetString());
        Assert.Equal("TRIM_HORIZON", afterReplace.GetProperty("SourceParameters").GetProperty("DynamoDBStreamParameters").GetProperty("StartingPosition").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone);
    }

    [Fact]
    public async Task Create_WithAMissingSource_FailsWithThePipesReason()
    {
        var properties = Properties(FakeChangeStreams.StreamArn("cfn-missing"));
        properties["Name"] = "cfn-missing";

        var error = await Assert.ThrowsAsync<ResourceProviderException>(() => Provider.CreateAsync(Operation(properties), CancellationToken.None));

        Assert.Contains("CREATE_FAILED", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_OfAPipeThatIsGone_Succeeds()
    {
        var properties = Properties(FakeChangeStreams.StreamArn("cfn-gone"));
        properties["Name"] = "cfn-never-created";

        await Provider.DeleteAsync(Operation(properties), null, CancellationToken.None);
    }
}
