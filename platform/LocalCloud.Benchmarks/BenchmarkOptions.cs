using System.Globalization;

namespace LocalCloud.Benchmarks;

internal sealed record BenchmarkOptions
{
    public int Seconds { get; init; } = 30;

    public int WarmupSeconds { get; init; } = 15;

    public int Rules { get; init; } = 100;

    public int Queues { get; init; } = 10;

    public int Senders { get; init; } = 4;

    public int ReceiversPerQueue { get; init; } = 2;

    public bool Json { get; init; }

    public Uri? Endpoint { get; init; }

    public bool Spawn { get; init; }

    public bool Unmatched { get; init; }

    public bool NoReceive { get; init; }

    public const string Usage = """
        Usage: LocalCloud.Benchmarks [--seconds N] [--rules N] [--queues N] [--senders N]
                                     [--receivers N] [--warmup N] [--unmatched] [--no-receive] [--json] [--endpoint URL | --spawn]

          --seconds N    measured duration (default 30; use 300 for the 5-minute run)
          --rules N      rules on the benchmark bus (default 100)
          --queues N     SQS target queues the rules are spread over (default 10)
          --senders N    concurrent PutEvents senders, batches of 10 (default 4)
          --receivers N  consumers per queue, each long-polling and deleting in batches (default 2)
          --warmup N     unmeasured warm-up seconds (default 15: tiered JIT compilation of the server and the
                         clients takes about a sixth of the CPU for the first 15-20 s)
          --json         print the figures as one JSON object
          --endpoint URL run against an already running local cloud instead of an in-process one
          --spawn        start `LocalCloud up` as a child process (durable temp data dir)
          --unmatched    rules that match no event: measures PutEvents without target delivery
          --no-receive   deliver to the queues but do not consume them: separates delivery from consumer cost
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture) is var n && n > 0
                ? n
                : throw new ArgumentException($"{args[i]} must be positive");
            options = args[i] switch
            {
                "--seconds" => options with { Seconds = Number() },
                "--rules" => options with { Rules = Number() },
                "--queues" => options with { Queues = Number() },
                "--senders" => options with { Senders = Number() },
                "--receivers" => options with { ReceiversPerQueue = Number() },
                "--warmup" => options with { WarmupSeconds = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture) },
                "--json" => options with { Json = true },
                "--spawn" => options with { Spawn = true },
                "--unmatched" => options with { Unmatched = true },
                "--no-receive" => options with { NoReceive = true },
                "--endpoint" => options with { Endpoint = new Uri(Value(), UriKind.Absolute) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }
}
