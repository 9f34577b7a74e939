using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.DynamoDb;

internal static class TablesRegistration
{
    /// <summary>The DynamoDB API: tables, items, queries, transactions, TTL.</summary>
    public static IServiceCollection AddDynamoDbTables(this IServiceCollection services) => services;
}
