using LocalCloud.CloudFormation;
using LocalCloud.Core.Hosting;
using LocalCloud.DynamoDb;
using LocalCloud.EventBridge;
using LocalCloud.HttpApi;
using LocalCloud.Lambda;
using LocalCloud.Pipes;
using LocalCloud.Scheduler;
using LocalCloud.S3;
using LocalCloud.Schemas;
using LocalCloud.Ses;
using LocalCloud.Sqs;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud;

/// <summary>The composition root: the host of <c>LocalCloud.Core</c> with every emulated service.</summary>
public static class LocalCloudApplication
{
    public static Task<LocalCloudHost> StartAsync(LocalCloudOptions options, CancellationToken cancellationToken = default) =>
        LocalCloudHost.StartAsync(options, AddEmulatedServices, cancellationToken);

    public static void AddEmulatedServices(IServiceCollection services)
    {
        services.AddSqs();
        services.AddEventBridge();
        services.AddSchemaRegistry();
        services.AddDynamoDb();
        services.AddSes();
        services.AddLambda();
        services.AddHttpApi();
        services.AddCloudFormation();
        services.AddPipes();
        services.AddScheduler();
        services.AddS3();
    }
}
