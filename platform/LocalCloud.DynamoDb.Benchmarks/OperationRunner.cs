using System.Diagnostics;

namespace LocalCloud.DynamoDb.Benchmarks;

/// <summary>Drives one operation from <see cref="BenchmarkOptions.Concurrency"/> callers in a closed loop: one
/// probe call, warm-up runs, then the measured run, sampling the server's CPU time and allocations around it.
/// Keys written by one runner never repeat.</summary>
internal sealed class OperationRunner(BenchmarkOptions options, ServerUnderTest server, Workload workload)
{
    private readonly long[] _sequences = new long[options.Concurrency + 1];

    /// <summary>One call from an extra caller; the reason not to measure <paramref name="operation"/> when it fails.</summary>
    public async Task<string?> ProbeAsync(string operation)
    {
        try
        {
            return await workload.Operation(operation)(options.Concurrency, _sequences[options.Concurrency]++, new Random(0))
                ? null
                : "not measured: the probe call returned an unexpected response";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"not measured: the probe call failed ({e.GetType().Name}: {e.Message})";
        }
    }

    public Task WarmUpAsync(string operation, TimeSpan duration, CancellationToken cancellationToken) =>
        RunPhaseAsync(workload.Operation(operation), duration, cancellationToken);

    public async Task<OperationResult> MeasureAsync(string operation, CancellationToken cancellationToken)
    {
        var call = workload.Operation(operation);
        var allocatedBefore = await server.SampleAllocatedBytesAsync(cancellationToken);
        var serverCpuBefore = server.SampleCpu();
        var clientCpuBefore = ClientCpu();
        var phase = await RunPhaseAsync(call, TimeSpan.FromSeconds(options.Seconds), cancellationToken);
        var clientCpu = ClientCpu() - clientCpuBefore;
        var serverCpu = server.SampleCpu() - serverCpuBefore;
        var allocatedAfter = await server.SampleAllocatedBytesAsync(cancellationToken);

        var completed = phase.Latencies.Length;
        double PerOp(double total) => completed == 0 ? double.NaN : total / completed;
        return new OperationResult
        {
            Operation = operation,
            Server = server.Name,
            Calls = completed,
            Errors = phase.Errors,
            UnexpectedResponses = phase.Unexpected,
            FirstError = phase.FirstError,
            Seconds = phase.Elapsed.TotalSeconds,
            OpsPerSecond = completed / phase.Elapsed.TotalSeconds,
            P50Ms = Percentile(phase.Latencies, 50),
            P99Ms = Percentile(phase.Latencies, 99),
            MaxMs = completed == 0 ? double.NaN : Millis(phase.Latencies[^1]),
            ServerCpuMicrosPerOp = PerOp(serverCpu.TotalMicroseconds),
            ClientCpuMicrosPerOp = PerOp(clientCpu.TotalMicroseconds),
            ServerAllocatedBytesPerOp = allocatedBefore is { } before && allocatedAfter is { } after ? PerOp(after - before) : null,
        };
    }

    private async Task<Phase> RunPhaseAsync(Func<int, long, Random, Task<bool>> call, TimeSpan duration, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Task<Worker>[options.Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            var index = w;
            workers[w] = Task.Run(async () =>
            {
                var worker = new Worker();
                var random = new Random(index * 7919 + (int)(_sequences[index] & 0xffff));
                while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < stopAt)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        var expected = await call(index, _sequences[index]++, random);
                        worker.Latencies.Add(Stopwatch.GetTimestamp() - t0);
                        if (!expected)
                        {
                            worker.Unexpected++;
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        worker.Errors++;
                        worker.FirstError ??= $"{e.GetType().Name}: {e.Message}";
                    }
                }

                return worker;
            }, cancellationToken);
        }

        var done = await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var latencies = done.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        return new Phase(
            latencies,
            done.Sum(w => w.Errors),
            done.Sum(w => w.Unexpected),
            done.Select(w => w.FirstError).FirstOrDefault(e => e is not null),
            elapsed);
    }

    private static double Percentile(long[] sorted, double percentile)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return Millis(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    private static double Millis(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static TimeSpan ClientCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private sealed class Worker
    {
        public List<long> Latencies { get; } = new(capacity: 1 << 16);

        public long Errors { get; set; }

        public long Unexpected { get; set; }

        public string? FirstError { get; set; }
    }

    private sealed record Phase(long[] Latencies, long Errors, long Unexpected, string? FirstError, TimeSpan Elapsed);
}
