using Microsoft.Extensions.Logging;

namespace Lambda.Logging;

public sealed class LambdaLoggerProvider : ILoggerProvider
{
    private readonly LambdaLogger _logger;

    internal LambdaLoggerProvider(LambdaLogWriter writer)
    {
        _logger = new LambdaLogger(writer);
    }

    public ILogger CreateLogger(string categoryName) => _logger;

    public void Dispose()
    {
    }
}
