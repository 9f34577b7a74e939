namespace Aws;

/// <summary>
/// Identity of an AWS service as the SDKs use it: the suffix of its <c>AWS_ENDPOINT_URL_*</c>
/// variable, the host prefix of its regional endpoint and its SigV4 signing name.
/// </summary>
public sealed record AwsService(string EnvironmentId, string EndpointPrefix, string SigningName)
{
    public static AwsService EventBridge { get; } = new("EVENTBRIDGE", "events", "events");

    public static AwsService Schemas { get; } = new("SCHEMAS", "schemas", "schemas");

    public static AwsService Scheduler { get; } = new("SCHEDULER", "scheduler", "scheduler");
}
