namespace LocalCloud.Benchmarks;

/// <summary>
/// Fixed-size latency histogram (10 µs buckets up to 2 s, then an overflow bucket), safe for
/// concurrent recording, so that memory does not grow with the length of the run.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int BucketMicros = 10;
    private const int BucketCount = 200_000;
    private readonly long[] _buckets = new long[BucketCount + 1];
    private long _count;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public void Record(double micros)
    {
        var value = (long)Math.Max(0, micros);
        var index = (int)Math.Min(value / BucketMicros, BucketCount);
        Interlocked.Increment(ref _buckets[index]);
        Interlocked.Increment(ref _count);
        long seen;
        while (value > (seen = Interlocked.Read(ref _maxMicros)))
        {
            if (Interlocked.CompareExchange(ref _maxMicros, value, seen) == seen)
            {
                break;
            }
        }
    }

    public double PercentileMillis(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * total);
        long running = 0;
        for (var i = 0; i <= BucketCount; i++)
        {
            running += Interlocked.Read(ref _buckets[i]);
            if (running >= rank)
            {
                return i == BucketCount ? MaxMillis : (i + 1) * BucketMicros / 1000.0;
            }
        }

        return MaxMillis;
    }

    public double MaxMillis => Interlocked.Read(ref _maxMicros) / 1000.0;
}
