using System.CommandLine;
using System.Text.Json;

namespace LocalCloud.Cli;

internal static class StatusCommand
{
    public static Command Create()
    {
        var endpoint = LocalCloudCli.EndpointOption();
        var output = LocalCloudCli.OutputOption();
        var command = new Command("status", "Show what a running local cloud serves and what is deployed in it.") { endpoint, output };
        command.SetAction(async (parse, ct) =>
        {
            if (LocalCloudCli.ParseEndpoint(parse.GetValue(endpoint)) is not { } baseUri)
            {
                return 2;
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            string body;
            try
            {
                body = await http.GetStringAsync(new Uri(baseUri, "/_localcloud/status"), ct);
            }
            catch (HttpRequestException ex)
            {
                await Console.Error.WriteLineAsync($"error: no local cloud answers at {baseUri}: {ex.Message}");
                return 1;
            }

            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(body);
                return 0;
            }

            using var document = JsonDocument.Parse(body);
            Print(document.RootElement);
            return 0;
        });
        return command;
    }

    private static void Print(JsonElement root)
    {
        Console.WriteLine($"endpoint  {Text(root, "endpoint")}");
        Console.WriteLine($"region    {Text(root, "region")}   account {Text(root, "accountId")}");
        Console.WriteLine($"storage   {Text(root, "storage")}");
        Console.WriteLine($"started   {Text(root, "startedAt")}   requests {Text(root, "requests")}   internal failures {Text(root, "internalFailures")}");
        if (root.TryGetProperty("services", out var services))
        {
            foreach (var service in services.EnumerateArray())
            {
                Console.WriteLine();
                Console.WriteLine($"{Text(service, "name")} ({Protocols(service)}, {Text(service, "operations")} operations)");
                if (service.TryGetProperty("status", out var status) && status.ValueKind != JsonValueKind.Null)
                {
                    PrintNode(status, "  ");
                }
            }
        }

        if (root.TryGetProperty("components", out var components))
        {
            foreach (var component in components.EnumerateObject())
            {
                Console.WriteLine();
                Console.WriteLine(component.Name);
                PrintNode(component.Value, "  ");
            }
        }
    }

    private static void PrintNode(JsonElement node, string indent)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        Console.WriteLine($"{indent}{property.Name}:");
                        PrintNode(property.Value, indent + "  ");
                    }
                    else
                    {
                        Console.WriteLine($"{indent}{property.Name}: {property.Value}");
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in node.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        Console.WriteLine($"{indent}-");
                        PrintNode(item, indent + "  ");
                    }
                    else
                    {
                        Console.WriteLine($"{indent}- {item}");
                    }
                }

                break;
            default:
                Console.WriteLine($"{indent}{node}");
                break;
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ToString() : "?";

    private static string Protocols(JsonElement service) =>
        service.TryGetProperty("protocols", out var protocols) && protocols.ValueKind == JsonValueKind.Array
            ? string.Join(" + ", protocols.EnumerateArray().Select(p => p.GetString()))
            : Text(service, "protocol");
}
