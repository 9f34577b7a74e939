using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.DynamoDb.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.DynamoDb;

public static class DynamoDbRegistration
{
    /// <summary>DynamoDB: tables, items, queries, transactions and the TTL sweep.</summary>
    public static IServiceCollection AddDynamoDb(this IServiceCollection services)
    {
        services.AddStorageSchema(DynamoDbStore.Schema);
        services.AddSingleton(sp => new DynamoDbTables(
            sp.GetRequiredService<SqliteStore>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<IStreamRecorder>()));
        services.AddSingleton<DynamoDbItems>();
        services.AddSingleton<DynamoDbReads>();
        services.AddAwsJsonService<DynamoDbService>();
        services.AddHostedService<TimeToLiveSweeper>();
        return services;
    }
}
