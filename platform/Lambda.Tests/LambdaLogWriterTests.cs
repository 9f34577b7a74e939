using System.Text.Json;
using Lambda.Logging;
using Microsoft.Extensions.Logging;

namespace Lambda.Tests;

public sealed class LambdaLogWriterTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 30, 45, 123, TimeSpan.Zero);

    [Fact]
    public void TextFormat_WritesTimestampRequestIdLevelAndMessage()
    {
        var (logger, writer, output) = Create(new Dictionary<string, string>());
        writer.Current = new InvocationScope("req-1", null);

        logger.LogWarning("Stock low for {Sku}", "sku-1");

        Assert.Equal("2024-05-01T12:30:45.123Z\treq-1\tWARN\tStock low for sku-1\n", output.ToString());
    }

    [Fact]
    public void TextFormat_OutsideAnInvocation_OmitsRequestId()
    {
        var (logger, _, output) = Create(new Dictionary<string, string>());

        logger.LogInformation("Starting");

        Assert.Equal("2024-05-01T12:30:45.123Z\tINFO\tStarting\n", output.ToString());
    }

    [Theory]
    [InlineData("DEBUG", 5)]
    [InlineData("INFO", 4)]
    [InlineData("WARN", 3)]
    [InlineData("ERROR", 2)]
    [InlineData("FATAL", 1)]
    [InlineData("TRACE", 6)]
    [InlineData(null, 4)]
    public void LogLevelVariable_FiltersLowerLevels(string? level, int expectedLines)
    {
        var environment = new Dictionary<string, string> { ["AWS_LAMBDA_LOG_FORMAT"] = "JSON" };
        if (level is not null)
        {
            environment["AWS_LAMBDA_LOG_LEVEL"] = level;
        }

        var (logger, _, output) = Create(environment);
        logger.LogTrace("t");
        logger.LogDebug("d");
        logger.LogInformation("i");
        logger.LogWarning("w");
        logger.LogError("e");
        logger.LogCritical("c");

        Assert.Equal(expectedLines, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void JsonFormat_MapsLevelsToLambdaNames()
    {
        var (logger, _, output) = Create(new Dictionary<string, string> { ["AWS_LAMBDA_LOG_FORMAT"] = "json", ["AWS_LAMBDA_LOG_LEVEL"] = "trace" });

        logger.LogTrace("t");
        logger.LogDebug("d");
        logger.LogInformation("i");
        logger.LogWarning("w");
        logger.LogError("e");
        logger.LogCritical("c");

        var levels = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("level").GetString());
        Assert.Equal(["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"], levels);
    }

    [Fact]
    public void JsonFormat_WritesOneLinePerEntry_WithTypedProperties()
    {
        var (logger, writer, output) = Create(new Dictionary<string, string> { ["AWS_LAMBDA_LOG_FORMAT"] = "JSON" });
        writer.Current = new InvocationScope("req-9", "Root=1-x");

#pragma warning disable CA1727 // a lower-case placeholder that collides with the reserved "message" key is the case under test
        logger.LogInformation(
            "Order {OrderId} paid {Amount} at {PaidAt}; first {First}; message {message}",
            "o-1",
            12.50m,
            new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero),
            true,
            "shadowed");
#pragma warning restore CA1727

        var line = output.ToString();
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.TrimEnd('\n'));
        var root = JsonDocument.Parse(line).RootElement;
        Assert.Equal("2024-05-01T12:30:45.123Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("req-9", root.GetProperty("requestId").GetString());
        Assert.Equal("Root=1-x", root.GetProperty("traceId").GetString());
        Assert.Equal("o-1", root.GetProperty("OrderId").GetString());
        Assert.Equal(12.50m, root.GetProperty("Amount").GetDecimal());
        Assert.Equal("2024-05-01T00:00:00+00:00", root.GetProperty("PaidAt").GetString());
        Assert.True(root.GetProperty("First").GetBoolean());
        Assert.StartsWith("Order o-1 paid 12.50", root.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(root.EnumerateObject(), p => p.Name == "message");
    }

    [Fact]
    public void JsonFormat_MultiLineMessage_StaysOneLine()
    {
        var (logger, _, output) = Create(new Dictionary<string, string> { ["AWS_LAMBDA_LOG_FORMAT"] = "JSON" });

        logger.LogInformation("line one\nline two");

        var text = output.ToString();
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("line one\nline two", JsonDocument.Parse(text).RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void Provider_GivesLoggersThatWriteToTheSameOutput()
    {
        var output = new StringWriter();
        var writer = new LambdaLogWriter(output, LambdaLogSettings.Default, new FixedTime());
        using var provider = new LambdaLoggerProvider(writer);

        provider.CreateLogger("Orders").LogInformation("a");
        provider.CreateLogger("Search").LogInformation("b");

        Assert.Equal(2, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static (ILogger Logger, LambdaLogWriter Writer, StringWriter Output) Create(Dictionary<string, string> environment)
    {
        var output = new StringWriter();
        var writer = new LambdaLogWriter(output, LambdaLogSettings.From(name => environment.GetValueOrDefault(name)), new FixedTime());
        return (new LambdaLogger(writer), writer, output);
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
