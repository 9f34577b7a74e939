using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.DynamoDb;

public static class DynamoDbRegistration
{
    /// <summary>DynamoDB (tables and items) and DynamoDB Streams. Issue 11 is in progress: no operation
    /// is registered yet.</summary>
    public static IServiceCollection AddDynamoDb(this IServiceCollection services) => services;
}
