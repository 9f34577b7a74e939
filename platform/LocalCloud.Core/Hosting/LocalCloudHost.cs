using System.Net;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Clock;
using LocalCloud.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Core.Hosting;

public sealed class LocalCloudHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _disposed;

    private LocalCloudHost(WebApplication app, CloudContext cloud)
    {
        _app = app;
        Cloud = cloud;
    }

    public Uri Endpoint => Cloud.Endpoint;

    public IServiceProvider Services => _app.Services;

    public CloudContext Cloud { get; }

    public static async Task<LocalCloudHost> StartAsync(
        LocalCloudOptions options,
        Action<IServiceCollection> addServices,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(addServices);
        var dataDirectory = options.InMemory ? null : options.ResolveDataDirectory();
        // The one clock of the local cloud: real time that a user can move forward (MovableClock), unless the caller
        // brought its own (a test's ManualTimeProvider, or a MovableClock over one).
        var time = options.TimeProvider == TimeProvider.System ? new MovableClock(options.TimeProvider) : options.TimeProvider;
        var cloud = new CloudContext(options, dataDirectory, time);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LocalCloudHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        builder.Logging.ClearProviders();
        if (options.ConfigureLogging is { } configureLogging)
        {
            configureLogging(builder.Logging);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(cloud);
        services.AddSingleton(time);
        services.AddEndpointContributor<ClockEndpoints>();
        services.AddSingleton<ClockStore>();
        services.AddStorageSchema(ClockStore.Schema);
        services.AddSingleton<HostDiagnostics>();
        services.AddSingleton<ActivityFeed>();
        services.AddSingleton(sp => new SqliteStore(dataDirectory, sp.GetRequiredService<ILogger<SqliteStore>>()));
        services.AddSingleton<ServiceRegistry>();
        services.AddSingleton<RequestPipeline>();
        services.AddSingleton<AwsQueryHandler>();
        addServices(services);
        options.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        var store = app.Services.GetRequiredService<SqliteStore>();
        foreach (var schema in app.Services.GetServices<StorageSchema>())
        {
            store.ApplySchema(schema);
        }

        if (time is MovableClock movable)
        {
            app.Services.GetRequiredService<ClockStore>().Restore(movable);
        }

        ConfigurePipeline(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        cloud.SetEndpoint(new Uri($"http://127.0.0.1:{new Uri(address).Port}"));
        return new LocalCloudHost(app, cloud);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        var pipeline = app.Services.GetRequiredService<RequestPipeline>();
        var query = app.Services.GetRequiredService<AwsQueryHandler>();
        var rewriters = app.Services.GetServices<IRequestRewriter>().ToArray();
        app.Use(async (http, next) =>
        {
            foreach (var rewriter in rewriters)
            {
                if (rewriter.Rewrite(http))
                {
                    await next(http);
                    return;
                }
            }

            // Paths under /_localcloud and /_api are the local cloud's own endpoints (status, runtime API, mailbox, HTTP APIs): no AWS
            // protocol uses them, so a form post there (a runtime client's curl) is never taken for awsQuery.
            if (http.Request.Path.StartsWithSegments("/_localcloud", StringComparison.Ordinal) || http.Request.Path.StartsWithSegments("/_api", StringComparison.Ordinal))
            {
                await next(http);
                return;
            }

            if (http.Request.Headers.TryGetValue("X-Amz-Target", out var target) && target.Count > 0 && !string.IsNullOrEmpty(target[0]))
            {
                await pipeline.HandleAwsJsonAsync(http, target[0]!);
                return;
            }

            if (AwsQueryHandler.IsQueryRequest(http.Request))
            {
                await query.HandleAsync(http);
                return;
            }

            await next(http);
        });
        app.UseRouting();

        HostEndpoints.Map(app);
        var registry = app.Services.GetRequiredService<ServiceRegistry>();
        MapRestServices(app, registry, pipeline);
        foreach (var contributor in app.Services.GetServices<IEndpointContributor>())
        {
            contributor.MapEndpoints(app);
        }

        app.MapFallback(pipeline.WriteUnknownRouteAsync);
    }

    private static void MapRestServices(IEndpointRouteBuilder endpoints, ServiceRegistry registry, RequestPipeline pipeline)
    {
        var routes = registry.RestJsonServices
            .SelectMany(service => service.Operations.Select(operation => (service, operation)))
            .GroupBy(x => (Method: x.operation.Method.ToUpperInvariant(), x.operation.PathTemplate));
        foreach (var route in routes)
        {
            var candidates = route.ToArray();
            endpoints.MapMethods(route.Key.PathTemplate, [route.Key.Method], (HttpContext http) =>
            {
                var chosen = candidates[0];
                if (candidates.Length > 1)
                {
                    var scope = SigV4Scope.Parse(http.Request.Headers.Authorization.ToString());
                    chosen = Array.Find(candidates, c => c.service.SigningName == scope?.Service) is { service: not null } match ? match : chosen;
                }

                return pipeline.HandleRestAsync(http, chosen.service, chosen.operation);
            });
        }
    }
}
