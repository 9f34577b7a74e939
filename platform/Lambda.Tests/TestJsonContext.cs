using System.Text.Json.Serialization;
using Lambda.Events;

namespace Lambda.Tests;

internal sealed record Greeting(string Name);

internal sealed record Reply(string Message);

internal sealed record ContextView(
    string RequestId,
    string FunctionArn,
    string FunctionName,
    string FunctionVersion,
    int MemoryLimitInMB,
    string LogGroupName,
    string LogStreamName,
    long DeadlineMs,
    double RemainingMs,
    string? TraceId,
    string? TraceVariable,
    string? ClientContext,
    string? CognitoIdentity);

internal sealed class Ec2StateChange
{
    [JsonPropertyName("instance-id")]
    public string InstanceId { get; init; } = "";

    [JsonPropertyName("state")]
    public string State { get; init; } = "";
}

[JsonSerializable(typeof(Greeting))]
[JsonSerializable(typeof(Reply))]
[JsonSerializable(typeof(ContextView))]
[JsonSerializable(typeof(EventBridgeEvent<Ec2StateChange>))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
