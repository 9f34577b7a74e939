using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.DynamoDb.Tests;

public sealed class RegistrationTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    [Fact]
    public void The_local_cloud_composes_the_DynamoDB_project()
    {
        Assert.NotNull(fixture.Services.GetService<CloudContext>());
    }
}
