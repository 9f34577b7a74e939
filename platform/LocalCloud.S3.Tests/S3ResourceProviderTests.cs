using System.Text.Json.Nodes;
using Amazon.S3.Model;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.S3.Tests;

/// <summary>The <c>AWS::S3::Bucket</c> and <c>AWS::S3::BucketPolicy</c> providers, called as the CloudFormation engine calls them.</summary>
public sealed class S3ResourceProviderTests(S3HostFixture fixture) : IClassFixture<S3HostFixture>
{
    private IResourceProvider Provider(string type) =>
        fixture.Services.GetServices<IResourceProvider>().Single(p => p.ResourceType == type);

    private ResourceOperation Operation(string type, JsonObject properties, string region = "us-east-1", string logicalId = "Artifacts") => new()
    {
        Context = S3Clients.Context(fixture, region),
        StackName = "Stack-One",
        StackId = "arn:aws:cloudformation:us-east-1:000000000000:stack/Stack-One/1",
        LogicalId = logicalId,
        ResourceType = type,
        Properties = properties,
        GeneratedName = Generated($"Stack-One-{logicalId}-{Guid.NewGuid().ToString("N")[..13].ToUpperInvariant()}"),
        Tags = new Dictionary<string, string> { ["aws:cloudformation:stack-name"] = "Stack-One" },
    };

    private static Func<int, string> Generated(string name) => max => name[..Math.Min(max, name.Length)];

    [Fact]
    public async Task Bucket_CreateUpdateDelete()
    {
        var provider = Provider("AWS::S3::Bucket");
        using var s3 = fixture.CreateClient();
        var created = await provider.CreateAsync(Operation("AWS::S3::Bucket", new JsonObject()), CancellationToken.None);
        var name = created.PhysicalId;
        var properties = new JsonObject
        {
            ["VersioningConfiguration"] = new JsonObject { ["Status"] = "Enabled" },
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "orders" }),
        };
        var updated = await provider.UpdateAsync(Operation("AWS::S3::Bucket", properties), new ResourceState(created, new JsonObject()), CancellationToken.None);
        var versioning = await s3.GetBucketVersioningAsync(name);
        var tags = await s3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = name });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = name, Key = "artifact.zip", ContentBody = "zip" });
        var port = fixture.Services.GetRequiredService<IObjectStorePort>();
        var artifact = await port.GetObjectAsync(new ResourceScope("000000000000", "eu-west-1"), name, "artifact.zip", null, CancellationToken.None);
        var otherAccount = await port.GetObjectAsync(new ResourceScope("111111111111", "us-east-1"), name, "artifact.zip", null, CancellationToken.None);
        var notEmpty = await Assert.ThrowsAsync<ServiceException>(() => provider.DeleteAsync(Operation("AWS::S3::Bucket", properties), new ResourceState(updated, properties), CancellationToken.None));
        var listed = await s3.ListVersionsAsync(name);
        foreach (var version in listed.Versions)
        {
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = name, Key = version.Key, VersionId = version.VersionId });
        }

        await provider.DeleteAsync(Operation("AWS::S3::Bucket", properties), new ResourceState(updated, properties), CancellationToken.None);
        await provider.DeleteAsync(Operation("AWS::S3::Bucket", properties), new ResourceState(updated, properties), CancellationToken.None);
        var buckets = await s3.ListBucketsAsync();

        Assert.Equal(name.ToLowerInvariant(), name);
        Assert.StartsWith("stack-one-artifacts-", name, StringComparison.Ordinal);
        Assert.Equal("arn:aws:s3:::" + name, created.Attributes["Arn"]!.GetValue<string>());
        Assert.Equal($"{name}.s3.amazonaws.com", created.Attributes["DomainName"]!.GetValue<string>());
        Assert.Equal($"{name}.s3.us-east-1.amazonaws.com", created.Attributes["RegionalDomainName"]!.GetValue<string>());
        Assert.Equal($"{name}.s3.dualstack.us-east-1.amazonaws.com", created.Attributes["DualStackDomainName"]!.GetValue<string>());
        Assert.Equal($"http://{name}.s3-website-us-east-1.amazonaws.com", created.Attributes["WebsiteURL"]!.GetValue<string>());
        Assert.Equal(name, updated.PhysicalId);
        Assert.Equal(Amazon.S3.VersionStatus.Enabled, versioning.VersioningConfig.Status);
        Assert.Contains(tags.TagSet, t => t.Key == "team" && t.Value == "orders");
        Assert.Contains(tags.TagSet, t => t.Key == "aws:cloudformation:stack-name");
        Assert.Equal("zip"u8.ToArray(), artifact);
        Assert.Null(otherAccount);
        Assert.Equal("BucketNotEmpty", notEmpty.Code);
        Assert.Equal("The bucket you tried to delete is not empty", notEmpty.Message);
        Assert.DoesNotContain(buckets.Buckets ?? [], b => b.BucketName == name);
        Assert.Equal(UpdateBehavior.Replacement, provider.Properties["BucketName"]);
        Assert.Equal(UpdateBehavior.NoInterruption, provider.Properties["VersioningConfiguration"]);
    }

    [Fact]
    public async Task Bucket_WithAName_InAnotherRegion_AndExistingName()
    {
        var provider = Provider("AWS::S3::Bucket");
        var name = S3Clients.NewBucket("named");
        var created = await provider.CreateAsync(Operation("AWS::S3::Bucket", new JsonObject { ["BucketName"] = name }, "eu-central-1"), CancellationToken.None);
        var again = await Assert.ThrowsAnyAsync<Exception>(() => provider.CreateAsync(Operation("AWS::S3::Bucket", new JsonObject { ["BucketName"] = name }, "eu-central-1"), CancellationToken.None));
        var invalid = await Assert.ThrowsAsync<ServiceException>(() => provider.CreateAsync(Operation("AWS::S3::Bucket", new JsonObject { ["BucketName"] = "Not_Valid" }), CancellationToken.None));

        Assert.Equal(name, created.PhysicalId);
        Assert.Equal($"http://{name}.s3-website.eu-central-1.amazonaws.com", created.Attributes["WebsiteURL"]!.GetValue<string>());
        Assert.Contains("BucketAlreadyOwnedByYou", again is ServiceException s ? s.Code : again.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidBucketName", invalid.Code);
        await provider.DeleteAsync(Operation("AWS::S3::Bucket", new JsonObject { ["BucketName"] = name }, "eu-central-1"), null, CancellationToken.None);
    }

    [Fact]
    public async Task BucketPolicy_CreateUpdateDelete()
    {
        var bucketProvider = Provider("AWS::S3::Bucket");
        var provider = Provider("AWS::S3::BucketPolicy");
        using var s3 = fixture.CreateClient();
        var bucket = await bucketProvider.CreateAsync(Operation("AWS::S3::Bucket", new JsonObject()), CancellationToken.None);
        JsonObject Properties(string action) => new()
        {
            ["Bucket"] = bucket.PhysicalId,
            ["PolicyDocument"] = new JsonObject
            {
                ["Version"] = "2012-10-17",
                ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Principal"] = "*", ["Action"] = action, ["Resource"] = $"arn:aws:s3:::{bucket.PhysicalId}/*" }),
            },
        };

        var created = await provider.CreateAsync(Operation("AWS::S3::BucketPolicy", Properties("s3:GetObject")), CancellationToken.None);
        var first = await s3.GetBucketPolicyAsync(bucket.PhysicalId);
        await provider.UpdateAsync(Operation("AWS::S3::BucketPolicy", Properties("s3:PutObject")), new ResourceState(created, Properties("s3:GetObject")), CancellationToken.None);
        var second = await s3.GetBucketPolicyAsync(bucket.PhysicalId);
        await provider.DeleteAsync(Operation("AWS::S3::BucketPolicy", Properties("s3:PutObject")), new ResourceState(created, Properties("s3:PutObject")), CancellationToken.None);
        using var http = fixture.CreateRawClient();
        using var request = S3Clients.Request(HttpMethod.Get, $"/{bucket.PhysicalId}?policy");
        using var gone = await http.SendAsync(request);
        await bucketProvider.DeleteAsync(Operation("AWS::S3::Bucket", new JsonObject()), new ResourceState(bucket, new JsonObject()), CancellationToken.None);
        await provider.DeleteAsync(Operation("AWS::S3::BucketPolicy", Properties("s3:PutObject")), new ResourceState(created, Properties("s3:PutObject")), CancellationToken.None);

        Assert.Equal(bucket.PhysicalId, created.PhysicalId);
        Assert.Contains("s3:GetObject", first.Policy, StringComparison.Ordinal);
        Assert.Contains("s3:PutObject", second.Policy, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(UpdateBehavior.Replacement, provider.Properties["Bucket"]);
        Assert.Equal(UpdateBehavior.NoInterruption, provider.Properties["PolicyDocument"]);
    }
}
