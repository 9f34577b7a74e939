using System.Text.Json.Serialization;
using LocalCloud.DynamoDb.Wire;

namespace LocalCloud.DynamoDb.Streams;

internal sealed class ListStreamsRequest
{
    public string? TableName { get; set; }

    public int? Limit { get; set; }

    public string? ExclusiveStartStreamArn { get; set; }
}

internal sealed class ListStreamsResponse
{
    public List<StreamSummary> Streams { get; set; } = [];

    public string? LastEvaluatedStreamArn { get; set; }
}

internal sealed class StreamSummary
{
    public string? StreamArn { get; set; }

    public string? TableName { get; set; }

    public string? StreamLabel { get; set; }
}

internal sealed class DescribeStreamRequest
{
    public string? StreamArn { get; set; }

    public int? Limit { get; set; }

    public string? ExclusiveStartShardId { get; set; }
}

internal sealed class DescribeStreamResponse
{
    public StreamDescription? StreamDescription { get; set; }
}

internal sealed class StreamDescription
{
    public string? StreamArn { get; set; }

    public string? StreamLabel { get; set; }

    public string? StreamStatus { get; set; }

    public string? StreamViewType { get; set; }

    public double CreationRequestDateTime { get; set; }

    public string? TableName { get; set; }

    public List<KeySchemaElementWire>? KeySchema { get; set; }

    public List<ShardWire> Shards { get; set; } = [];

    public string? LastEvaluatedShardId { get; set; }
}

internal sealed class ShardWire
{
    public string? ShardId { get; set; }

    public SequenceNumberRange? SequenceNumberRange { get; set; }

    public string? ParentShardId { get; set; }
}

internal sealed class SequenceNumberRange
{
    public string? StartingSequenceNumber { get; set; }

    public string? EndingSequenceNumber { get; set; }
}

internal sealed class GetShardIteratorRequest
{
    public string? StreamArn { get; set; }

    public string? ShardId { get; set; }

    public string? ShardIteratorType { get; set; }

    public string? SequenceNumber { get; set; }
}

internal sealed class GetShardIteratorResponse
{
    public string? ShardIterator { get; set; }
}

internal sealed class GetRecordsRequest
{
    public string? ShardIterator { get; set; }

    public int? Limit { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ListStreamsRequest))]
[JsonSerializable(typeof(ListStreamsResponse))]
[JsonSerializable(typeof(DescribeStreamRequest))]
[JsonSerializable(typeof(DescribeStreamResponse))]
[JsonSerializable(typeof(GetShardIteratorRequest))]
[JsonSerializable(typeof(GetShardIteratorResponse))]
[JsonSerializable(typeof(GetRecordsRequest))]
[JsonSerializable(typeof(List<KeySchemaElementWire>))]
internal sealed partial class StreamsJsonContext : JsonSerializerContext;
