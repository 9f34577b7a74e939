using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LocalCloud.Core.Hosting;

namespace LocalCloud.DynamoDb.Streams;

/// <summary>The DynamoDB Streams wire adapter (awsJson1_0, <c>DynamoDBStreams_20120810.*</c>, signed as
/// <c>dynamodb</c>): ListStreams, DescribeStream, GetShardIterator and GetRecords over <see cref="DynamoDbStreams"/>.</summary>
internal sealed class DynamoDbStreamsService(DynamoDbStreams streams) : AwsJsonService
{
    private static readonly string[] IteratorTypes = ["TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"];

    public override string Name => "dynamodbstreams";

    public override string SigningName => "dynamodb";

    public override AwsProtocol Protocol => AwsProtocol.AwsJson10;

    public override string TargetPrefix => "DynamoDBStreams_20120810";

    public override string ErrorCodePrefix => "com.amazon.coral.service#";

    protected override IEnumerable<AwsJsonOperation> DefineOperations() =>
    [
        Op("ListStreams", StreamsJsonContext.Default.ListStreamsRequest, (r, c) => Json(ListStreams(r, c), StreamsJsonContext.Default.ListStreamsResponse)),
        Op("DescribeStream", StreamsJsonContext.Default.DescribeStreamRequest, (r, c) => Json(DescribeStream(r, c), StreamsJsonContext.Default.DescribeStreamResponse)),
        Op("GetShardIterator", StreamsJsonContext.Default.GetShardIteratorRequest, (r, c) => Json(GetShardIterator(r, c), StreamsJsonContext.Default.GetShardIteratorResponse)),
        Op("GetRecords", StreamsJsonContext.Default.GetRecordsRequest, GetRecords),
    ];

    private static AwsJsonOperation Op<TRequest>(string name, JsonTypeInfo<TRequest> type, Func<TRequest, RequestContext, AwsJsonResponse> handler)
        where TRequest : class, new() =>
        new(name, (body, context, _) => Task.FromResult(handler(AwsJson.Deserialize(body, type), context)));

    private static AwsJsonResponse Json<T>(T value, JsonTypeInfo<T> type) => AwsJsonResponse.From(value, type);

    private ListStreamsResponse ListStreams(ListStreamsRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        if (request.TableName is not null)
        {
            constraints.Name(request.TableName, "tableName");
        }

        constraints.Min(request.Limit, "limit", 1);
        StreamArn(constraints, request.ExclusiveStartStreamArn, "exclusiveStartStreamArn", required: false);
        constraints.ThrowIfAny();

        var limit = Math.Min(request.Limit ?? 100, 100);
        var matching = streams.InScope(context.Scope)
            .Where(s => request.TableName is null || s.TableName == request.TableName)
            .OrderBy(s => s.Arn, StringComparer.Ordinal)
            .Where(s => request.ExclusiveStartStreamArn is null || string.CompareOrdinal(s.Arn, request.ExclusiveStartStreamArn) > 0)
            .Take(limit + 1)
            .ToList();
        var page = matching.Take(limit).ToList();
        return new ListStreamsResponse
        {
            Streams = page.Select(s => new StreamSummary { StreamArn = s.Arn, TableName = s.TableName, StreamLabel = s.Label }).ToList(),
            LastEvaluatedStreamArn = matching.Count > limit ? page[^1].Arn : null,
        };
    }

    private DescribeStreamResponse DescribeStream(DescribeStreamRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        StreamArn(constraints, request.StreamArn, "streamArn", required: true);
        constraints.Min(request.Limit, "limit", 1);
        ShardId(constraints, request.ExclusiveStartShardId, "exclusiveStartShardId", required: false);
        constraints.ThrowIfAny();

        var stream = streams.Resolve(request.StreamArn!, context.Scope);
        var limit = Math.Min(request.Limit ?? 100, 100);
        var shards = stream.Shards
            .Where(s => request.ExclusiveStartShardId is null || string.CompareOrdinal(s.ShardId, request.ExclusiveStartShardId) > 0)
            .Take(limit + 1)
            .ToList();
        var page = shards.Take(limit).ToList();
        return new DescribeStreamResponse
        {
            StreamDescription = new StreamDescription
            {
                StreamArn = stream.Arn,
                StreamLabel = stream.Label,
                StreamStatus = stream.DisabledMs is null ? "ENABLED" : "DISABLED",
                StreamViewType = stream.ViewType,
                CreationRequestDateTime = Math.Round(stream.CreatedMs / 1000.0, 3),
                TableName = stream.TableName,
                KeySchema = JsonSerializer.Deserialize(stream.KeySchemaJson, StreamsJsonContext.Default.ListKeySchemaElementWire),
                Shards = page.Select(s => new ShardWire
                {
                    ShardId = s.ShardId,
                    ParentShardId = s.ParentShardId,
                    SequenceNumberRange = new SequenceNumberRange
                    {
                        StartingSequenceNumber = SequenceNumbers.Format(s.FirstSeq),
                        EndingSequenceNumber = s.LastSeq is { } last ? SequenceNumbers.Format(last) : null,
                    },
                }).ToList(),
                LastEvaluatedShardId = shards.Count > limit ? page[^1].ShardId : null,
            },
        };
    }

    private GetShardIteratorResponse GetShardIterator(GetShardIteratorRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        StreamArn(constraints, request.StreamArn, "streamArn", required: true);
        ShardId(constraints, request.ShardId, "shardId", required: true);
        constraints.NotNull(request.ShardIteratorType, "shardIteratorType");
        constraints.Enum(request.ShardIteratorType, "shardIteratorType", IteratorTypes);
        if (request.SequenceNumber is { } given)
        {
            constraints.Length(given, given.Length, "sequenceNumber", 21, 40);
        }

        constraints.ThrowIfAny();

        var stream = streams.Resolve(request.StreamArn!, context.Scope);
        var shard = stream.Shards.FirstOrDefault(s => s.ShardId == request.ShardId) ?? throw StreamErrors.ShardNotFound(request.ShardId!, stream.Arn);
        long position;
        switch (request.ShardIteratorType)
        {
            case "TRIM_HORIZON":
                position = Math.Max(shard.FirstSeq - 1, stream.TrimmedSeq);
                break;
            case "LATEST":
                position = streams.LatestPosition(stream, shard);
                break;
            default:
                if (request.SequenceNumber is null)
                {
                    throw DynamoDbErrors.Validation($"Must specify a sequence number for the {request.ShardIteratorType} iterator type");
                }

                if (!SequenceNumbers.TryParse(request.SequenceNumber, out var sequence)
                    || sequence < shard.FirstSeq || (shard.LastSeq is { } end && sequence > end))
                {
                    throw DynamoDbErrors.Validation(
                        $"Invalid SequenceNumber {request.SequenceNumber} for shard {shard.ShardId} of stream {stream.Arn}");
                }

                if (sequence <= stream.TrimmedSeq)
                {
                    throw StreamErrors.Trimmed();
                }

                position = request.ShardIteratorType == "AT_SEQUENCE_NUMBER" ? sequence - 1 : sequence;
                break;
        }

        return new GetShardIteratorResponse { ShardIterator = ShardIterators.Create(stream.Arn, shard.ShardId, position, streams.Clock.GetUtcNow()) };
    }

    private AwsJsonResponse GetRecords(GetRecordsRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        constraints.NotNull(request.ShardIterator, "shardIterator");
        if (request.ShardIterator is { } iteratorText)
        {
            constraints.Length(iteratorText, iteratorText.Length, "shardIterator", 1, 2048);
        }

        constraints.Min(request.Limit, "limit", 1);
        constraints.Max(request.Limit, "limit", DynamoDbStreams.MaxRecordsPerCall);
        constraints.ThrowIfAny();

        if (!ShardIterators.TryParse(request.ShardIterator!, out var iterator))
        {
            throw DynamoDbErrors.Validation("Invalid ShardIterator");
        }

        var now = streams.Clock.GetUtcNow();
        if (now.ToUnixTimeMilliseconds() - iterator.IssuedMs > (long)DynamoDbStreams.IteratorLifetime.TotalMilliseconds)
        {
            throw StreamErrors.ExpiredIterator(DateTimeOffset.FromUnixTimeMilliseconds(iterator.IssuedMs), now);
        }

        var stream = streams.Resolve(iterator.StreamArn, context.Scope);
        var shard = stream.Shards.FirstOrDefault(s => s.ShardId == iterator.ShardId) ?? throw StreamErrors.ShardNotFound(iterator.ShardId, stream.Arn);
        if (iterator.Position < stream.TrimmedSeq)
        {
            throw StreamErrors.Trimmed();
        }

        var records = streams.ReadShard(stream, shard, iterator.Position, request.Limit ?? DynamoDbStreams.MaxRecordsPerCall);
        var next = records.Count > 0 ? records[^1].Seq : iterator.Position;
        var nextIterator = streams.HasMore(stream, shard, next) ? ShardIterators.Create(stream.Arn, shard.ShardId, next, now) : null;

        var buffer = new ArrayBufferWriter<byte>(256 + records.Sum(r => r.Json.Length + 1));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records"u8);
            foreach (var record in records)
            {
                writer.WriteRawValue(record.Json, skipInputValidation: true);
            }

            writer.WriteEndArray();
            if (nextIterator is not null)
            {
                writer.WriteString("NextShardIterator"u8, nextIterator);
            }

            writer.WriteEndObject();
        }

        return AwsJsonResponse.FromUtf8(buffer.WrittenMemory);
    }

    private static void StreamArn(Constraints constraints, string? arn, string member, bool required)
    {
        if (arn is null)
        {
            if (required)
            {
                constraints.NotNull(arn, member);
            }

            return;
        }

        constraints.Length(arn, arn.Length, member, 37, 1024);
    }

    private static void ShardId(Constraints constraints, string? shardId, string member, bool required)
    {
        if (shardId is null)
        {
            if (required)
            {
                constraints.NotNull(shardId, member);
            }

            return;
        }

        constraints.Length(shardId, shardId.Length, member, 28, 65);
    }
}

/// <summary>DynamoDB Streams' error codes and messages.</summary>
internal static class StreamErrors
{
    private const string Service = "com.amazonaws.dynamodb.v20120810#";

    public static ServiceException StreamNotFound(string arn) =>
        new(Service + "ResourceNotFoundException", $"Requested resource not found: Stream: {arn} not found");

    public static ServiceException ShardNotFound(string shardId, string arn) =>
        new(Service + "ResourceNotFoundException", $"Requested resource not found: Shard: {shardId} in Stream: {arn} not found");

    public static ServiceException Trimmed() =>
        new(Service + "TrimmedDataAccessException", "The data you are trying to access has been trimmed");

    public static ServiceException ExpiredIterator(DateTimeOffset issued, DateTimeOffset now) =>
        new(Service + "ExpiredIteratorException", string.Create(CultureInfo.InvariantCulture,
            $"Iterator expired. The iterator was created at time {issued.UtcDateTime:ddd MMM dd HH:mm:ss} UTC {issued.Year} while right now it is {now.UtcDateTime:ddd MMM dd HH:mm:ss} UTC {now.Year} which is further in the future than the tolerated delay of {(long)DynamoDbStreams.IteratorLifetime.TotalMilliseconds} milliseconds."));
}
