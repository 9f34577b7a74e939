using System.Diagnostics;
using System.Text.Json;

namespace Lambda.Tests;

public sealed class SampleExecutableTests
{
    [Fact]
    public async Task SampleExecutable_ServesTheHandlerNamedInItsEnvironment()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        api.Enqueue(new FakeInvocation("req-1", """{"version":"2.0","routeKey":"GET /greet","rawPath":"/greet","rawQueryString":"name=Ada","queryStringParameters":{"name":"Ada"},"requestContext":{"http":{"method":"GET","path":"/greet"}},"isBase64Encoded":false}"""));

        using var greet = Start(api, "Greet");
        var response = await api.ResultAsync("req-1");

        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal(200, body.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal("""{"name":"Ada"}""", body.RootElement.GetProperty("body").GetString());
        Stop(greet);
    }

    [Fact]
    public async Task SampleExecutable_UnknownHandler_ReportsInitErrorAndExits()
    {
        await using var api = await FakeRuntimeApi.StartAsync();

        using var process = Start(api, "Missing");
        var error = await api.InitErrorAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("Runtime.NoSuchHandler", error.ErrorType);
        Assert.Contains("Enrich, Greet, OnGreeted, OnMessages", error.Body, StringComparison.Ordinal);
        Assert.Equal(1, process.ExitCode);
    }

    private static Process Start(FakeRuntimeApi api, string handler)
    {
        var start = new ProcessStartInfo("dotnet", [SampleAssembly()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.Address;
        start.Environment["_HANDLER"] = handler;
        start.Environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string SampleAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var platform = output.Parent.Parent!.Parent!.Parent!.FullName;
        var assembly = Path.Combine(platform, "Lambda.Sample", "bin", configuration, framework, "Lambda.Sample.dll");
        Assert.True(File.Exists(assembly), $"The sample executable is not built at {assembly}.");
        return assembly;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
    }
}
