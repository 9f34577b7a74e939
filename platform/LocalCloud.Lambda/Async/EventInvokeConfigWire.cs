using System.Text.Json.Serialization;

namespace LocalCloud.Lambda.Async.Wire;

// Wire shapes of the event invoke configuration operations (botocore `lambda` 2015-03-31). LastModified is epoch
// seconds, as restJson1 writes timestamps.

internal sealed class EventInvokeConfigInput
{
    public int? MaximumRetryAttempts { get; set; }

    public int? MaximumEventAgeInSeconds { get; set; }

    public DestinationConfigDto? DestinationConfig { get; set; }
}

internal sealed class DestinationConfigDto
{
    public DestinationDto? OnSuccess { get; set; }

    public DestinationDto? OnFailure { get; set; }
}

internal sealed class DestinationDto
{
    public string? Destination { get; set; }
}

internal sealed class FunctionEventInvokeConfigOutput
{
    public double LastModified { get; set; }

    public string FunctionArn { get; set; } = "";

    public int? MaximumRetryAttempts { get; set; }

    public int? MaximumEventAgeInSeconds { get; set; }

    public DestinationConfigDto DestinationConfig { get; set; } = new();
}

internal sealed class ListFunctionEventInvokeConfigsOutput
{
    public List<FunctionEventInvokeConfigOutput> FunctionEventInvokeConfigs { get; set; } = [];

    public string? NextMarker { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EventInvokeConfigInput))]
[JsonSerializable(typeof(FunctionEventInvokeConfigOutput))]
[JsonSerializable(typeof(ListFunctionEventInvokeConfigsOutput))]
internal sealed partial class EventInvokeConfigJsonContext : JsonSerializerContext;
