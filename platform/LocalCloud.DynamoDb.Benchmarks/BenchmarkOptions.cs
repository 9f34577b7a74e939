using System.Globalization;

namespace LocalCloud.DynamoDb.Benchmarks;

internal sealed record BenchmarkOptions
{
    public int Seconds { get; init; } = 5;

    public int WarmupSeconds { get; init; } = 5;

    public int Concurrency { get; init; } = 16;

    public bool Dynalite { get; init; }

    public bool Help { get; init; }

    public IReadOnlySet<string>? Only { get; init; }

    public const string Usage = """
        Usage: LocalCloud.DynamoDb.Benchmarks [--seconds N] [--warmup N] [--concurrency N] [--only OPS] [--peer dynalite]

          --seconds N      measured seconds per operation (default 5)
          --warmup N       seconds per operation of the unmeasured warm-up round that runs every operation before
                           any is measured (default 5: tiered JIT compilation of server and client); each
                           operation also runs 1 s unmeasured right before its measured run
          --concurrency N  concurrent callers, each in a closed loop (default 16)
          --only OPS       comma-separated subset of PutItem,GetItem,Query,UpdateItem,TransactWriteItems
          --peer dynalite  also install dynalite from npm into a temp dir, run the same workload against it
                           (node, loopback, LevelDB in a temp dir) and print ours/dynalite per operation
          --help           print this text

        The local cloud runs as a child process of this program (durable SQLite in a temp dir), so that the
        allocations and CPU time it reports are the server's alone; the AWSSDK.DynamoDBv2 client runs here.
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number(int min) => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture) is var n && n >= min
                ? n
                : throw new ArgumentException($"{args[i - 1]} must be at least {min}");
            options = args[i] switch
            {
                "--seconds" => options with { Seconds = Number(1) },
                "--warmup" => options with { WarmupSeconds = Number(0) },
                "--concurrency" => options with { Concurrency = Number(1) },
                "--only" => options with { Only = ParseOperations(Value()) },
                "--peer" => Value() == "dynalite"
                    ? options with { Dynalite = true }
                    : throw new ArgumentException("--peer takes one value: dynalite"),
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }

    private static HashSet<string> ParseOperations(string value)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Workload.OperationNames.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"--only: unknown operation {name}");
            }

            names.Add(name);
        }

        return names;
    }
}
