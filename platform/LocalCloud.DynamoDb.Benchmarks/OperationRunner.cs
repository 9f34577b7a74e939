using System.Diagnostics;

namespace LocalCloud.DynamoDb.Benchmarks;

/// <summary>Drives one operation from <see cref="BenchmarkOptions.Concurrency"/> callers in a closed loop: one
/// probe call, a warm-up, then the measured run, sampling the server's CPU time and allocations around it.</summary>
internal sealed class OperationRunner(BenchmarkOptions options, ServerUnderTest server, Workload workload)
{
    public async Task<OperationResult> RunAsync(string operation, CancellationToken cancellationToken)
    {
        var call = workload.Operation(operation);
        var sequences = new long[options.Concurrency + 1];
        try
        {
            if (!await call(options.Concurrency, sequences[options.Concurrency]++, new Random(0)))
            {
                return OperationResult.Skip(operation, server.Name, "the probe call returned an unexpected response");
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return OperationResult.Skip(operation, server.Name, $"not measured: the probe call failed ({e.GetType().Name}: {e.Message})");
        }

        if (options.WarmupSeconds > 0)
        {
            await RunPhaseAsync(call, sequences, TimeSpan.FromSeconds(options.WarmupSeconds), cancellationToken);
        }

        var allocatedBefore = await server.SampleAllocatedBytesAsync(cancellationToken);
        var serverCpuBefore = server.SampleCpu();
        var clientCpuBefore = ClientCpu();
        var phase = await RunPhaseAsync(call, sequences, TimeSpan.FromSeconds(options.Seconds), cancellationToken);
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

    private async Task<Phase> RunPhaseAsync(Func<int, long, Random, Task<bool>> call, long[] sequences, TimeSpan duration, CancellationToken cancellationToken)
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
                var random = new Random(index * 7919 + (int)(sequences[index] & 0xffff));
                while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < stopAt)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        var expected = await call(index, sequences[index]++, random);
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
