namespace LocalCloud.DynamoDb.Benchmarks;

internal sealed record OperationResult
{
    public required string Operation { get; init; }

    public required string Server { get; init; }

    public string? Skipped { get; init; }

    public long Calls { get; init; }

    public long Errors { get; init; }

    public long UnexpectedResponses { get; init; }

    public string? FirstError { get; init; }

    public double Seconds { get; init; }

    public double OpsPerSecond { get; init; }

    public double P50Ms { get; init; }

    public double P99Ms { get; init; }

    public double MaxMs { get; init; }

    public double ServerCpuMicrosPerOp { get; init; }

    public double ClientCpuMicrosPerOp { get; init; }

    public double? ServerAllocatedBytesPerOp { get; init; }

    public static OperationResult Skip(string operation, string server, string reason) =>
        new() { Operation = operation, Server = server, Skipped = reason };
}
