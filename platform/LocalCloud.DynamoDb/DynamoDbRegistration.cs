using LocalCloud.DynamoDb.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.DynamoDb;

public static class DynamoDbRegistration
{
    /// <summary>DynamoDB (tables and items) and DynamoDB Streams.</summary>
    public static IServiceCollection AddDynamoDb(this IServiceCollection services)
    {
        services.AddDynamoDbTables();
        services.AddDynamoDbStreams();
        return services;
    }
}
