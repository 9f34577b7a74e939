using Microsoft.Extensions.Logging;

namespace Lambda.Logging;

internal sealed class LambdaLogger(LambdaLogWriter writer) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => writer.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        writer.Write(logLevel, state, exception, formatter);
}
