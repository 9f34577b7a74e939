using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
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
        return services;
    }
}
