using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Core.Hosting;

public sealed class LocalCloudOptions
{
    public const int DefaultPort = 4566;
    public const int OneMebibyte = 1024 * 1024;

    public int Port { get; set; }

    public string? DataDirectory { get; set; }

    public bool InMemory { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string AccountId { get; set; } = "000000000000";

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public long MaxRequestBodyBytes { get; set; } = 16L * OneMebibyte;

    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public string ResolveDataDirectory() =>
        Path.GetFullPath(DataDirectory ?? Path.Combine(Directory.GetCurrentDirectory(), ".localcloud"));
}
