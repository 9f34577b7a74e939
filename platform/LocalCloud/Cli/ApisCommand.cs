using System.CommandLine;
using System.Text.Json;
using LocalCloud.HttpApi.Gateway;

namespace LocalCloud.Cli;

internal static class ApisCommand
{
    public static Command Create()
    {
        var endpoint = LocalCloudCli.EndpointOption();
        var output = LocalCloudCli.OutputOption();
        var command = new Command("apis", "List the HTTP APIs of a running local cloud with their local URLs.") { endpoint, output };
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
                body = await http.GetStringAsync(new Uri(baseUri, HttpApiEndpoints.ListPath), ct);
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
            foreach (var line in Format(document.RootElement))
            {
                Console.WriteLine(line);
            }

            return 0;
        });
        return command;
    }

    public static IEnumerable<string> Format(JsonElement root)
    {
        var apis = root.TryGetProperty("apis", out var list) ? list.EnumerateArray().ToList() : [];
        if (apis.Count == 0)
        {
            yield return "no HTTP APIs";
            yield break;
        }

        foreach (var api in apis)
        {
            var routes = api.GetProperty("routes").EnumerateArray().Select(r => r.GetString()).ToList();
            yield return $"{api.GetProperty("apiId").GetString()}  {api.GetProperty("name").GetString()}  ({api.GetProperty("region").GetString()}, {routes.Count} routes: {string.Join(", ", routes)})";
            foreach (var url in api.GetProperty("urls").EnumerateArray())
            {
                yield return "  " + url.GetString();
            }
        }
    }
}
