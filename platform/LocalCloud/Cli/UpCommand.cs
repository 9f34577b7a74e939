using System.CommandLine;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.EventBridge;
using LocalCloud.HttpApi;
using LocalCloud.Ses;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalCloud.Cli;

internal static class UpCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "TCP port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => LocalCloudOptions.DefaultPort };
        var data = new Option<string?>("--data", "-d") { Description = "Directory for the SQLite state (default: .localcloud/ in the working directory)." };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep all state in memory; nothing survives a restart." };
        var region = new Option<string>("--region") { Description = "The region the local cloud reports.", DefaultValueFactory = _ => "us-east-1" };
        var account = new Option<string>("--account-id") { Description = "The 12-digit account id in ARNs.", DefaultValueFactory = _ => "000000000000" };
        var putEventsLimit = new Option<int>("--put-events-limit-kib") { Description = "PutEvents total entry size limit in KiB: 1024 (default) or 256.", DefaultValueFactory = _ => 1024 };
        var anySender = new Option<bool>("--ses-allow-any-sender") { Description = "SES: accept mail from any sender, not only verified identities (the SES sandbox rule)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log at Information level." };
        var command = new Command("up", "Start the local cloud and run until Ctrl-C or SIGTERM.")
        {
            port, data, inMemory, region, account, putEventsLimit, anySender, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(inMemory) && parse.GetValue(data) is not null)
            {
                await Console.Error.WriteLineAsync("error: --data and --in-memory cannot be combined.");
                return 2;
            }

            if (parse.GetValue(putEventsLimit) is not (256 or 1024))
            {
                await Console.Error.WriteLineAsync("error: --put-events-limit-kib must be 256 or 1024.");
                return 2;
            }

            var options = new LocalCloudOptions
            {
                Port = parse.GetValue(port),
                DataDirectory = parse.GetValue(data),
                InMemory = parse.GetValue(inMemory),
                Region = parse.GetValue(region)!,
                AccountId = parse.GetValue(account)!,
                ConfigureServices = services =>
                {
                    services.AddSingleton(new EventBridgeOptions { MaxPutEventsRequestBytes = parse.GetValue(putEventsLimit) * 1024 });
                    services.AddSingleton(new SesOptions { AllowAnySender = parse.GetValue(anySender) });
                },
                ConfigureLogging = logging => logging
                    .AddSimpleConsole(o =>
                    {
                        o.SingleLine = true;
                        o.TimestampFormat = "HH:mm:ss ";
                        o.UseUtcTimestamp = true;
                    })
                    .SetMinimumLevel(parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning),
            };
            return await RunAsync(options, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(LocalCloudOptions options, CancellationToken cancellationToken)
    {
        LocalCloudHost host;
        try
        {
            host = await LocalCloudApplication.StartAsync(options, cancellationToken);
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync($"error: cannot listen on 127.0.0.1:{options.Port}: {ex.Message}");
            return 1;
        }

        await using (host)
        {
            var endpoint = host.Endpoint.ToString().TrimEnd('/');
            var registry = host.Services.GetRequiredService<ServiceRegistry>();
            var store = host.Services.GetRequiredService<SqliteStore>();
            Console.WriteLine($"LocalCloud {typeof(UpCommand).Assembly.GetName().Version} - region {options.Region}, account {options.AccountId}");
            Console.WriteLine($"  state:    {(store.IsInMemory ? "in memory (lost on exit)" : store.Location)}");
            Console.WriteLine($"  services: (all on {endpoint})");
            foreach (var service in registry.Services)
            {
                var route = service is IAwsJsonService json ? $"X-Amz-Target {json.TargetPrefix}.*" : "REST paths";
                Console.WriteLine($"    {service.Name,-12} {HostEndpoints.ProtocolName(service.Protocol),-11} {route,-34} {service.OperationNames.Count} operations");
            }

            var apis = host.Services.GetRequiredService<HttpApiCatalog>().ListAll();
            Console.WriteLine($"  HTTP APIs: {endpoint}/_api/<api-id>/... and http://<api-id>.execute-api.localhost:{host.Endpoint.Port}/...   (localcloud apis)");
            foreach (var api in apis)
            {
                Console.WriteLine($"    {api.Api.ApiId} {api.Api.Name}: {string.Join("  ", ApiUrls.For(api, host.Cloud))}");
            }

            Console.WriteLine($"  status:   {endpoint}{HostEndpoints.StatusPath}   (localcloud status)");
            Console.WriteLine($"  activity: {endpoint}{HostEndpoints.TailPath}     (localcloud tail)");
            Console.WriteLine("  use it:   export AWS_ENDPOINT_URL=" + endpoint + " AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=" + options.Region);
            Console.WriteLine($"ready: {endpoint}");
            await Console.Out.FlushAsync(CancellationToken.None);

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            Console.WriteLine("stopping...");
        }

        Console.WriteLine("stopped");
        return 0;
    }
}
