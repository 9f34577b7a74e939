using LocalCloud.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Sqs;

internal static class SqsServiceCollectionExtensions
{
    public static IServiceCollection AddSqs(this IServiceCollection services)
    {
        services.AddStorageSchema(SqsStore.Schema);
        services.AddAwsJsonService<SqsService>();
        services.AddSingleton<ISqsQueues>(sp => sp.GetRequiredService<SqsService>());
        services.AddStatusContributor<SqsService>();
        return services;
    }
}
