namespace LocalCloud.Core.Streams;

/// <summary>
/// The change streams of this local cloud (DynamoDB Streams), as other services follow them in process:
/// Pipes and Lambda event-source mappings read from a position they keep, and wait on commit rather than
/// poll. Positions are sequence numbers as strings; <c>null</c> is the stream's trim horizon.
/// Implemented by the DynamoDB service.
/// </summary>
public interface IChangeStreams
{
    bool Exists(string streamArn);

    /// <summary>The position just after the last committed record: where a reader starting at
    /// <c>LATEST</c> begins.</summary>
    string? Latest(string streamArn);

    /// <summary>Up to <paramref name="limit"/> committed records after <paramref name="after"/>, in
    /// sequence order across the stream's shards. <see cref="ChangeBatch.Trimmed"/> says records after
    /// <paramref name="after"/> were lost to the 24-hour retention before they were read.</summary>
    ChangeBatch Read(string streamArn, string? after, int limit);

    /// <summary>Completes once a record after <paramref name="after"/> is committed (at once when one is);
    /// faults with <see cref="KeyNotFoundException"/> when the stream is gone.</summary>
    Task WaitAsync(string streamArn, string? after, CancellationToken cancellationToken);
}

/// <summary>One stream record: <see cref="Json"/> is the record as the <c>GetRecords</c> API returns it
/// (no <c>eventSourceARN</c>; Lambda and Pipes add it).</summary>
public sealed record ChangeRecord(string SequenceNumber, string ShardId, DateTimeOffset CreatedAt, ReadOnlyMemory<byte> Json);

public sealed record ChangeBatch(IReadOnlyList<ChangeRecord> Records, string? Position, bool Trimmed);
