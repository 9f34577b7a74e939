using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalCloud.Lambda.Tests;

/// <summary>A function written with <c>platform/Lambda</c> (LocalCloud.Lambda.TestFunction), run by the local cloud
/// as it runs a service's: the executable behind a <c>bootstrap</c>.</summary>
public sealed class DotNetFunctionTests(LambdaHostFixture fixture) : IClassFixture<LambdaHostFixture>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    public static byte[] Package()
    {
        // The test function is built with the same configuration and framework as this test assembly (bin/<config>/<tfm>/).
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var executable = Path.Combine(
            LocalCloud.Testing.RepositoryPaths.Root, "platform", "LocalCloud.Lambda.TestFunction", "bin", framework.Parent!.Name, framework.Name, "LocalCloud.Lambda.TestFunction");
        return TestFunctions.Zip(new Dictionary<string, string> { ["bootstrap"] = $"#!/bin/sh\nexec \"{executable}\" \"$@\"\n" });
    }

    private async Task<LambdaCaller> CreateAsync(string name, string handler, int memory = 128, Action<JsonObject>? adjust = null)
    {
        var lambda = fixture.Lambda();
        var body = JsonNode.Parse(TestFunctions.CreateBody(name, handler, timeout: 30, memory: memory, zip: Package()))!.AsObject();
        adjust?.Invoke(body);
        await lambda.CreateAsync(body.ToJsonString());
        return lambda;
    }

    [Fact]
    public async Task The_function_gets_the_event_and_its_invocation_context()
    {
        var name = Unique("dotnet");
        using var lambda = await CreateAsync(name, "Context", memory: 256);
        var clientContext = Convert.ToBase64String("""{"custom":{"k":"v"}}"""u8.ToArray());

        var result = await lambda.InvokeAsync(name, "{}", new Dictionary<string, string> { ["X-Amz-Client-Context"] = clientContext });

        var context = result.Json;
        Assert.Equal(name, context.GetProperty("functionName").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}", context.GetProperty("functionArn").GetString());
        Assert.Equal("$LATEST", context.GetProperty("version").GetString());
        Assert.Equal(256, context.GetProperty("memory").GetInt32());
        Assert.InRange(context.GetProperty("remainingMs").GetInt64(), 1, 30_000);
        Assert.StartsWith("Root=1-", context.GetProperty("traceId").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/aws/lambda/{name}", context.GetProperty("logGroup").GetString());
        Assert.Equal("""{"custom":{"k":"v"}}""", context.GetProperty("clientContext").GetString());
    }

    [Fact]
    public async Task A_dotnet_exception_is_reported_with_its_type_and_stack()
    {
        var name = Unique("dotnet");
        using var lambda = await CreateAsync(name, "Throw");

        var result = await lambda.InvokeAsync(name);

        Assert.Equal("Unhandled", result.Header("X-Amz-Function-Error"));
        Assert.Equal("InvalidOperationException", result.Json.GetProperty("errorType").GetString());
        Assert.Equal("boom from .NET", result.Json.GetProperty("errorMessage").GetString());
        Assert.True(result.Json.GetProperty("stackTrace").GetArrayLength() > 0);
    }

    [Fact]
    public async Task A_function_that_outgrows_its_memory_size_fails_and_the_next_invocation_runs()
    {
        var name = Unique("dotnet");
        using var lambda = await CreateAsync(name, "Allocate");

        var failed = await lambda.InvokeAsync(name, """{"mb":400}""");
        var small = await lambda.InvokeAsync(name, """{"mb":4}""");

        Assert.Equal("Unhandled", failed.Header("X-Amz-Function-Error"));
        Assert.Contains("OutOfMemory", failed.Json.GetProperty("errorType").GetString(), StringComparison.Ordinal);
        Assert.Equal("""{"held":4}""", small.Text);
    }

    [Fact]
    public async Task With_the_JSON_log_format_the_function_writes_structured_lines()
    {
        var name = Unique("dotnet");
        using var lambda = await CreateAsync(name, "Log", adjust: body => body["LoggingConfig"] = new JsonObject { ["LogFormat"] = "JSON", ["ApplicationLogLevel"] = "DEBUG" });

        var result = await lambda.InvokeAsync(name, """{"a":1}""", new Dictionary<string, string> { ["X-Amz-Log-Type"] = "Tail" });

        Assert.Equal("""{"a":1}""", result.Text);
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(result.Header("X-Amz-Log-Result")!));
        var line = log.Split('\n').Single(l => l.Contains("handling", StringComparison.Ordinal));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("INFO", json.GetProperty("level").GetString());
        Assert.StartsWith("handling ", json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_round_trips_the_payload_byte_for_byte()
    {
        var name = Unique("dotnet");
        using var lambda = await CreateAsync(name, "Echo");
        const string payload = """{"text":"héllo \u00e9 \"quoted\"","n":1.50,"list":[true,null]}""";

        var result = await lambda.InvokeAsync(name, payload);

        Assert.Equal(payload, result.Text);
    }
}
