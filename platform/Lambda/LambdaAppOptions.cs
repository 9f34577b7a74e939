namespace Lambda;

public sealed class LambdaAppOptions
{
    public string? RuntimeApi { get; init; }

    public string? Handler { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public TextWriter? LogOutput { get; init; }

    public TextWriter? ErrorOutput { get; init; }
}
