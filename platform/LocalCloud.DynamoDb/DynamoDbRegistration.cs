using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;
using LocalCloud.Core.Storage;
using LocalCloud.Core.Streams;
using LocalCloud.DynamoDb.Resources;
using LocalCloud.DynamoDb.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.DynamoDb;

public static class DynamoDbRegistration
{
    /// <summary>DynamoDB (tables, items, queries, transactions, the TTL sweep) and DynamoDB Streams, which other
    /// services follow in process through <see cref="IChangeStreams"/>.</summary>
    public static IServiceCollection AddDynamoDb(this IServiceCollection services)
    {
        services.AddStorageSchema(DynamoDbStore.Schema);
        services.AddStorageSchema(StreamStore.Schema);
        services.AddSingleton(sp => new DynamoDbStreams(sp.GetRequiredService<SqliteStore>(), Clock(sp)));
        services.AddSingleton<IStreamRecorder>(sp => sp.GetRequiredService<DynamoDbStreams>());
        services.AddSingleton<IChangeStreams>(sp => sp.GetRequiredService<DynamoDbStreams>());
        services.AddSingleton(sp => new DynamoDbTables(sp.GetRequiredService<SqliteStore>(), Clock(sp), sp.GetRequiredService<IStreamRecorder>()));
        services.AddSingleton<DynamoDbItems>();
        services.AddSingleton<DynamoDbReads>();
        services.AddAwsJsonService<DynamoDbService>();
        services.AddAwsJsonService<DynamoDbStreamsService>();
        services.AddSingleton<DynamoDbStatus>();
        services.AddStatusContributor<DynamoDbStatus>();
        services.AddResourceProvider<TableProvider>();
        services.AddHostedService<TimeToLiveSweeper>();
        services.AddHostedService<StreamMaintenance>();
        return services;
    }

    private static TimeProvider Clock(IServiceProvider services) => services.GetRequiredService<TimeProvider>();
}
