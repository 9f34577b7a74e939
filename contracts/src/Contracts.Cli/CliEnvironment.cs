using Aws;

namespace Contracts.Cli;

internal sealed class CliEnvironment
{
    public static CliEnvironment Default { get; } = new();

    public AwsConfigResolver AwsConfig { get; init; } = AwsConfigResolver.Default;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public Func<HttpMessageHandler>? HttpHandlerFactory { get; init; }
}
