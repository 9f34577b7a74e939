using Amazon;
using Amazon.Runtime;

namespace Aws.Tests;

public sealed class AwsConfigResolverTests
{
    private static AwsConfigResolver Resolver(Dictionary<string, string> environment, RegionEndpoint? fallbackRegion = null, Func<AWSCredentials>? credentials = null) =>
        new(name => environment.GetValueOrDefault(name), () => fallbackRegion, credentials ?? (() => throw new InvalidOperationException("no default credentials in tests")));

    [Fact]
    public void ServiceSpecificVariable_WinsOverGenericVariable()
    {
        var resolver = Resolver(new()
        {
            ["AWS_ENDPOINT_URL_EVENTBRIDGE"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9999",
        });

        Assert.Equal(new Uri("http://127.0.0.1:4566/"), resolver.ResolveEndpoint(AwsService.EventBridge, RegionEndpoint.EUWest1, null));
        Assert.Equal(new Uri("http://127.0.0.1:9999/"), resolver.ResolveEndpoint(AwsService.Schemas, RegionEndpoint.EUWest1, null));
    }

    [Fact]
    public void SchemasVariable_AppliesOnlyToSchemas()
    {
        var resolver = Resolver(new() { ["AWS_ENDPOINT_URL_SCHEMAS"] = "http://localhost:5000/base" });

        Assert.Equal(new Uri("http://localhost:5000/base/"), resolver.ResolveEndpoint(AwsService.Schemas, RegionEndpoint.USEast1, null));
        Assert.Equal(new Uri("https://events.us-east-1.amazonaws.com/"), resolver.ResolveEndpoint(AwsService.EventBridge, RegionEndpoint.USEast1, null));
    }

    [Fact]
    public void NoConfiguredEndpoint_UsesRegionalAwsEndpointOfThePartition()
    {
        var resolver = Resolver([]);

        Assert.Equal(new Uri("https://events.eu-west-1.amazonaws.com/"), resolver.ResolveEndpoint(AwsService.EventBridge, RegionEndpoint.EUWest1, null));
        Assert.Equal(new Uri("https://schemas.cn-north-1.amazonaws.com.cn/"), resolver.ResolveEndpoint(AwsService.Schemas, RegionEndpoint.CNNorth1, null));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    public void IgnoreConfiguredEndpointUrls_SkipsEnvironmentEndpoints(string flag)
    {
        var resolver = Resolver(new()
        {
            ["AWS_ENDPOINT_URL_EVENTBRIDGE"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = flag,
        });

        Assert.Equal(new Uri("https://events.us-west-2.amazonaws.com/"), resolver.ResolveEndpoint(AwsService.EventBridge, RegionEndpoint.USWest2, null));
    }

    [Fact]
    public void IgnoreFlagFalse_KeepsEnvironmentEndpoints()
    {
        var resolver = Resolver(new()
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "false",
        });

        Assert.Equal(new Uri("http://127.0.0.1:4566/"), resolver.ResolveEndpoint(AwsService.EventBridge, RegionEndpoint.USWest2, null));
    }

    [Fact]
    public void ExplicitUrl_WinsOverEnvironment()
    {
        var resolver = Resolver(new() { ["AWS_ENDPOINT_URL_EVENTBRIDGE"] = "http://127.0.0.1:4566" });

        Assert.Equal(new Uri("http://127.0.0.1:7000/"), resolver.ResolveEndpoint(AwsService.EventBridge, RegionEndpoint.USEast1, new Uri("http://127.0.0.1:7000")));
    }

    [Fact]
    public void MalformedConfiguredUrl_IsRejectedWithTheValue()
    {
        var resolver = Resolver(new() { ["AWS_ENDPOINT_URL"] = "not a url" });

        var error = Assert.Throws<InvalidOperationException>(() => resolver.ResolveEndpoint(AwsService.Schemas, RegionEndpoint.USEast1, null));
        Assert.Contains("not a url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Region_ExplicitWinsOverFallback()
    {
        var resolver = Resolver([], RegionEndpoint.APSoutheast2);

        Assert.Equal(RegionEndpoint.EUCentral1, resolver.ResolveRegion("eu-central-1"));
        Assert.Equal(RegionEndpoint.APSoutheast2, resolver.ResolveRegion(null));
    }

    [Fact]
    public void Region_WithoutAnySource_IsUsEast1()
    {
        Assert.Equal(RegionEndpoint.USEast1, Resolver([]).ResolveRegion(null));
    }

    [Fact]
    public void Credentials_ExplicitAreUsedAsGiven()
    {
        var explicitCredentials = new BasicAWSCredentials("AKID", "SECRET");

        Assert.Same(explicitCredentials, Resolver([]).ResolveCredentials(explicitCredentials));
    }

    [Fact]
    public void Credentials_DefaultChainIsResolvedOnFirstUseOnly()
    {
        var calls = 0;
        var resolver = Resolver([], credentials: () =>
        {
            calls++;
            return new BasicAWSCredentials("AKID", "SECRET");
        });

        var credentials = resolver.ResolveCredentials(null);
        Assert.Equal(0, calls);
        Assert.Equal("AKID", credentials.GetCredentials().AccessKey);
        Assert.Equal("AKID", credentials.GetCredentials().AccessKey);
        Assert.Equal(1, calls);
    }
}
