using System.Text.Json;
using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Lambda.Tests.Resources;

/// <summary>The Lambda resource providers, driven as the CloudFormation engine drives them, checked through the
/// Lambda API.</summary>
public sealed class LambdaResourceTests(LambdaHostFixture fixture) : IClassFixture<LambdaHostFixture>
{
    private const string Role = "arn:aws:iam::000000000000:role/lambda";

    private IResourceProvider Provider(string type) =>
        fixture.Services.GetServices<IResourceProvider>().Single(p => p.ResourceType == type);

    private ResourceOperation Operation(string type, string logicalId, JsonObject properties, JsonObject? previous = null) => new()
    {
        Context = new RequestContext { RequestId = Guid.NewGuid().ToString(), Region = "us-east-1", AccountId = "000000000000", Endpoint = fixture.Endpoint },
        StackName = "stack",
        StackId = "arn:aws:cloudformation:us-east-1:000000000000:stack/stack/1",
        LogicalId = logicalId,
        ResourceType = type,
        Properties = properties,
        PreviousProperties = previous,
        GeneratedName = max => $"stack-{logicalId}-ABCDEFGHIJKLM" is var name && name.Length > max ? name[..max] : name,
    };

    private static JsonObject FunctionProperties(string name) => new()
    {
        ["FunctionName"] = name,
        ["Role"] = Role,
        ["Runtime"] = "provided.al2023",
        ["Handler"] = "echo",
        ["Timeout"] = "3",
        ["Code"] = new JsonObject { ["S3Bucket"] = "nowhere", ["S3Key"] = "code.zip" },
    };

    private static JsonNode Json(JsonElement element) => JsonNode.Parse(element.GetRawText())!;

    private async Task<string> CreateFunctionAsync(string name)
    {
        using var lambda = fixture.Lambda();
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo"));
        return $"arn:aws:lambda:us-east-1:000000000000:function:{name}";
    }

    [Fact]
    public async Task A_function_from_inline_code_is_created_updated_and_deleted()
    {
        var provider = Provider("AWS::Lambda::Function");
        var properties = new JsonObject
        {
            ["Role"] = Role,
            ["Runtime"] = "nodejs22.x",
            ["Handler"] = "index.handler",
            ["MemorySize"] = "256",
            ["Environment"] = new JsonObject { ["Variables"] = new JsonObject { ["STAGE"] = "dev" } },
            ["Code"] = new JsonObject { ["ZipFile"] = "exports.handler = async () => 'hi';" },
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "orders" }),
        };
        var created = await provider.CreateAsync(Operation("AWS::Lambda::Function", "Inline", properties), default);

        Assert.Equal("stack-Inline-ABCDEFGHIJKLM", created.PhysicalId);
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{created.PhysicalId}", created.Attributes["Arn"]!.ToString());
        using var lambda = fixture.Lambda();
        var configuration = Json(await lambda.OkAsync(HttpMethod.Get, $"/2015-03-31/functions/{created.PhysicalId}/configuration"));
        Assert.Equal(256, configuration["MemorySize"]!.GetValue<int>());
        Assert.Equal("dev", configuration["Environment"]!["Variables"]!["STAGE"]!.ToString());

        var updatedProperties = (JsonObject)properties.DeepClone();
        updatedProperties.Remove("Environment");
        updatedProperties["Timeout"] = 9;
        updatedProperties["Tags"] = new JsonArray(new JsonObject { ["Key"] = "owner", ["Value"] = "me" });
        var updated = await provider.UpdateAsync(
            Operation("AWS::Lambda::Function", "Inline", updatedProperties, properties),
            new ResourceState(created, properties),
            default);

        Assert.Equal(created.PhysicalId, updated.PhysicalId);
        configuration = Json(await lambda.OkAsync(HttpMethod.Get, $"/2015-03-31/functions/{created.PhysicalId}/configuration"));
        Assert.Equal(9, configuration["Timeout"]!.GetValue<int>());
        Assert.Null(configuration["Environment"]);
        var tags = Json(await lambda.OkAsync(HttpMethod.Get, $"/2017-03-31/tags/{Uri.EscapeDataString(created.Attributes["Arn"]!.ToString())}"))["Tags"]!.AsObject();
        Assert.Equal(["owner"], tags.Select(t => t.Key));

        await provider.DeleteAsync(Operation("AWS::Lambda::Function", "Inline", updatedProperties), new ResourceState(updated, updatedProperties), default);
        await provider.DeleteAsync(Operation("AWS::Lambda::Function", "Inline", updatedProperties), new ResourceState(updated, updatedProperties), default);
        var missing = await lambda.CallAsync(HttpMethod.Get, $"/2015-03-31/functions/{created.PhysicalId}/configuration");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task A_function_with_a_missing_code_object_fails_with_lambdas_message()
    {
        var error = await Assert.ThrowsAsync<ServiceException>(() =>
            Provider("AWS::Lambda::Function").CreateAsync(Operation("AWS::Lambda::Function", "Missing", FunctionProperties("missing-code")), default));

        Assert.Contains("GetObject", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inline_code_for_a_provided_runtime_is_refused()
    {
        var properties = FunctionProperties("inline-provided");
        properties["Code"] = new JsonObject { ["ZipFile"] = "#!/bin/sh" };

        var error = await Assert.ThrowsAsync<ResourceProviderException>(() =>
            Provider("AWS::Lambda::Function").CreateAsync(Operation("AWS::Lambda::Function", "Inline", properties), default));

        Assert.Contains("ZipFile can only be used", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_permission_is_a_policy_statement_until_it_is_deleted()
    {
        var name = "perm-" + Guid.NewGuid().ToString("N")[..8];
        var arn = await CreateFunctionAsync(name);
        var provider = Provider("AWS::Lambda::Permission");
        var properties = new JsonObject
        {
            ["FunctionName"] = arn,
            ["Action"] = "lambda:InvokeFunction",
            ["Principal"] = "events.amazonaws.com",
            ["SourceArn"] = "arn:aws:events:us-east-1:000000000000:rule/orders",
        };

        var created = await provider.CreateAsync(Operation("AWS::Lambda::Permission", "Allow", properties), default);

        using var lambda = fixture.Lambda();
        var policy = JsonNode.Parse(Json(await lambda.OkAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}/policy"))["Policy"]!.ToString())!;
        Assert.Equal(created.PhysicalId, policy["Statement"]![0]!["Sid"]!.ToString());
        await provider.DeleteAsync(Operation("AWS::Lambda::Permission", "Allow", properties), new ResourceState(created, properties), default);
        var gone = await lambda.CallAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}/policy");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Status);
        await provider.DeleteAsync(Operation("AWS::Lambda::Permission", "Allow", properties), new ResourceState(created, properties), default);
    }

    [Fact]
    public async Task An_event_source_mapping_is_created_updated_and_found_again_after_an_interrupted_create()
    {
        var name = "esm-" + Guid.NewGuid().ToString("N")[..8];
        await CreateFunctionAsync(name);
        using var sqs = fixture.CreateSqsClient();
        var queue = await sqs.CreateQueueAsync(name);
        var queueArn = (await sqs.GetQueueAttributesAsync(queue.QueueUrl, ["QueueArn"])).QueueARN;
        var provider = Provider("AWS::Lambda::EventSourceMapping");
        var properties = new JsonObject { ["FunctionName"] = name, ["EventSourceArn"] = queueArn, ["BatchSize"] = 5 };

        var created = await provider.CreateAsync(Operation("AWS::Lambda::EventSourceMapping", "Mapping", properties), default);

        Assert.Equal(created.PhysicalId, created.Attributes["Id"]!.ToString());
        var updatedProperties = new JsonObject { ["FunctionName"] = name, ["EventSourceArn"] = queueArn, ["BatchSize"] = 7, ["Enabled"] = false };
        await provider.UpdateAsync(Operation("AWS::Lambda::EventSourceMapping", "Mapping", updatedProperties, properties), new ResourceState(created, properties), default);
        using var lambda = fixture.Lambda();
        var mapping = Json(await lambda.OkAsync(HttpMethod.Get, $"/2015-03-31/event-source-mappings/{created.PhysicalId}"));
        Assert.Equal(7, mapping["BatchSize"]!.GetValue<int>());
        Assert.NotEqual("Enabled", mapping["State"]!.ToString());

        await provider.DeleteAsync(Operation("AWS::Lambda::EventSourceMapping", "Mapping", updatedProperties), current: null, default);

        var list = Json(await lambda.OkAsync(HttpMethod.Get, $"/2015-03-31/event-source-mappings?FunctionName={name}"));
        Assert.All(list["EventSourceMappings"]!.AsArray(), m => Assert.Equal("Deleting", m!["State"]!.ToString()));
    }

    [Fact]
    public async Task An_event_invoke_config_is_put_and_deleted()
    {
        var name = "eic-" + Guid.NewGuid().ToString("N")[..8];
        await CreateFunctionAsync(name);
        var provider = Provider("AWS::Lambda::EventInvokeConfig");
        var properties = new JsonObject { ["FunctionName"] = name, ["Qualifier"] = "$LATEST", ["MaximumRetryAttempts"] = "1" };

        var created = await provider.CreateAsync(Operation("AWS::Lambda::EventInvokeConfig", "Config", properties), default);

        using var lambda = fixture.Lambda();
        var config = Json(await lambda.OkAsync(HttpMethod.Get, $"/2019-09-25/functions/{name}/event-invoke-config?Qualifier=$LATEST"));
        Assert.Equal(1, config["MaximumRetryAttempts"]!.GetValue<int>());
        await provider.DeleteAsync(Operation("AWS::Lambda::EventInvokeConfig", "Config", properties), new ResourceState(created, properties), default);
        var gone = await lambda.CallAsync(HttpMethod.Get, $"/2019-09-25/functions/{name}/event-invoke-config?Qualifier=$LATEST");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Status);
    }
}
