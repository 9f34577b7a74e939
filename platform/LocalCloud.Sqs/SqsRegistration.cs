using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Resources;
using LocalCloud.Sqs.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Sqs;

public static class SqsRegistration
{
    public static IServiceCollection AddSqs(this IServiceCollection services)
    {
        services.AddStorageSchema(SqsStore.Schema);
        services.AddSingleton<SqsQueues>();
        services.AddSingleton<IQueuePort>(sp => sp.GetRequiredService<SqsQueues>());
        services.AddStatusContributor<SqsQueues>();
        services.AddAwsJsonService<SqsService>();
        services.AddAwsQueryProtocol<SqsQueryProtocol>();
        services.AddSingleton<SqsCalls>();
        services.AddResourceProvider<QueueProvider>();
        services.AddResourceProvider<QueuePolicyProvider>();
        services.AddResourceProvider<QueueInlinePolicyProvider>();
        return services;
    }
}
