using System.Text.Json.Serialization;

namespace LocalCloud.EventBridge.Wire;

internal sealed class CreateArchiveRequest
{
    public string? ArchiveName { get; set; }
    public string? EventSourceArn { get; set; }
    public string? Description { get; set; }
    public string? EventPattern { get; set; }
    public int? RetentionDays { get; set; }
    public string? KmsKeyIdentifier { get; set; }
}

internal sealed class UpdateArchiveRequest
{
    public string? ArchiveName { get; set; }
    public string? Description { get; set; }
    public string? EventPattern { get; set; }
    public int? RetentionDays { get; set; }
    public string? KmsKeyIdentifier { get; set; }
}

internal sealed class ArchiveNameRequest
{
    public string? ArchiveName { get; set; }
}

internal sealed class ArchiveStateResponse
{
    public string? ArchiveArn { get; set; }
    public string? State { get; set; }
    public string? StateReason { get; set; }
    public double? CreationTime { get; set; }
}

internal sealed class DescribeArchiveResponse
{
    public string? ArchiveArn { get; set; }
    public string? ArchiveName { get; set; }
    public string? EventSourceArn { get; set; }
    public string? Description { get; set; }
    public string? EventPattern { get; set; }
    public string? State { get; set; }
    public string? StateReason { get; set; }
    public string? KmsKeyIdentifier { get; set; }
    public int? RetentionDays { get; set; }
    public long SizeBytes { get; set; }
    public long EventCount { get; set; }
    public double? CreationTime { get; set; }
}

internal sealed class ListArchivesRequest
{
    public string? NamePrefix { get; set; }
    public string? EventSourceArn { get; set; }
    public string? State { get; set; }
    public string? NextToken { get; set; }
    public int? Limit { get; set; }
}

internal sealed class ArchiveSummary
{
    public string? ArchiveName { get; set; }
    public string? EventSourceArn { get; set; }
    public string? State { get; set; }
    public string? StateReason { get; set; }
    public int? RetentionDays { get; set; }
    public long SizeBytes { get; set; }
    public long EventCount { get; set; }
    public double? CreationTime { get; set; }
}

internal sealed class ListArchivesResponse
{
    public List<ArchiveSummary> Archives { get; set; } = [];
    public string? NextToken { get; set; }
}

internal sealed class ReplayDestinationDto
{
    public string? Arn { get; set; }
    public List<string>? FilterArns { get; set; }
}

internal sealed class StartReplayRequest
{
    public string? ReplayName { get; set; }
    public string? Description { get; set; }
    public string? EventSourceArn { get; set; }
    public double? EventStartTime { get; set; }
    public double? EventEndTime { get; set; }
    public ReplayDestinationDto? Destination { get; set; }
}

internal sealed class StartReplayResponse
{
    public string? ReplayArn { get; set; }
    public string? State { get; set; }
    public string? StateReason { get; set; }
    public double? ReplayStartTime { get; set; }
}

internal sealed class ReplayNameRequest
{
    public string? ReplayName { get; set; }
}

internal sealed class DescribeReplayResponse
{
    public string? ReplayName { get; set; }
    public string? ReplayArn { get; set; }
    public string? Description { get; set; }
    public string? State { get; set; }
    public string? StateReason { get; set; }
    public string? EventSourceArn { get; set; }
    public ReplayDestinationDto? Destination { get; set; }
    public double? EventStartTime { get; set; }
    public double? EventEndTime { get; set; }
    public double? EventLastReplayedTime { get; set; }
    public double? ReplayStartTime { get; set; }
    public double? ReplayEndTime { get; set; }
}

internal sealed class ListReplaysRequest
{
    public string? NamePrefix { get; set; }
    public string? State { get; set; }
    public string? EventSourceArn { get; set; }
    public string? NextToken { get; set; }
    public int? Limit { get; set; }
}

internal sealed class ReplaySummary
{
    public string? ReplayName { get; set; }
    public string? EventSourceArn { get; set; }
    public string? State { get; set; }
    public string? StateReason { get; set; }
    public double? EventStartTime { get; set; }
    public double? EventEndTime { get; set; }
    public double? EventLastReplayedTime { get; set; }
    public double? ReplayStartTime { get; set; }
    public double? ReplayEndTime { get; set; }
}

internal sealed class ListReplaysResponse
{
    public List<ReplaySummary> Replays { get; set; } = [];
    public string? NextToken { get; set; }
}

internal sealed class CancelReplayResponse
{
    public string? ReplayArn { get; set; }
    public string? State { get; set; }
    public string? StateReason { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateArchiveRequest))]
[JsonSerializable(typeof(UpdateArchiveRequest))]
[JsonSerializable(typeof(ArchiveNameRequest))]
[JsonSerializable(typeof(ArchiveStateResponse))]
[JsonSerializable(typeof(DescribeArchiveResponse))]
[JsonSerializable(typeof(ListArchivesRequest))]
[JsonSerializable(typeof(ListArchivesResponse))]
[JsonSerializable(typeof(StartReplayRequest))]
[JsonSerializable(typeof(StartReplayResponse))]
[JsonSerializable(typeof(ReplayNameRequest))]
[JsonSerializable(typeof(DescribeReplayResponse))]
[JsonSerializable(typeof(ListReplaysRequest))]
[JsonSerializable(typeof(ListReplaysResponse))]
[JsonSerializable(typeof(CancelReplayResponse))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class ArchiveJsonContext : JsonSerializerContext;
