using System.Text;
using LocalCloud.Testing;

namespace LocalCloud.Lambda.Tests;

/// <summary>The AWS CLI's <c>aws lambda</c> commands (restJson1, blob payloads, header members) against an
/// in-process local cloud.</summary>
public sealed class LambdaAwsCliTests(LambdaHostFixture fixture) : IClassFixture<LambdaHostFixture>
{
    [Fact]
    public async Task AwsCli_LambdaCommands_CreateInvokeAndDeleteAFunction()
    {
        using var aws = new AwsCli(fixture.Endpoint);
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var zipPath = aws.TempPath("function.zip");
        await File.WriteAllBytesAsync(zipPath, TestFunctions.ShellFunction());
        var payloadPath = aws.TempPath("payload.json");
        await File.WriteAllTextAsync(payloadPath, """{"hello":"cli"}""");
        var outPath = aws.TempPath("out.json");

        using var created = await aws.RunJsonAsync("lambda", "create-function", "--function-name", name, "--runtime", "provided.al2023",
            "--handler", "log", "--role", "arn:aws:iam::000000000000:role/lambda", "--zip-file", "fileb://" + zipPath,
            "--environment", "Variables={STAGE=dev}", "--timeout", "10", "--tags", "team=orders");
        var waited = await aws.RunAsync("lambda", "wait", "function-active-v2", "--function-name", name);
        using var invoked = await aws.RunJsonAsync("lambda", "invoke", "--function-name", name, "--payload", "fileb://" + payloadPath,
            "--log-type", "Tail", outPath);
        using var got = await aws.RunJsonAsync("lambda", "get-function", "--function-name", name);
        using var listed = await aws.RunJsonAsync("lambda", "list-functions");
        using var configured = await aws.RunJsonAsync("lambda", "update-function-configuration", "--function-name", name, "--memory-size", "256");
        using var permission = await aws.RunJsonAsync("lambda", "add-permission", "--function-name", name, "--statement-id", "events",
            "--action", "lambda:InvokeFunction", "--principal", "events.amazonaws.com", "--source-arn", "arn:aws:events:us-east-1:000000000000:rule/r");
        using var policy = await aws.RunJsonAsync("lambda", "get-policy", "--function-name", name);
        var deleted = await aws.RunAsync("lambda", "delete-function", "--function-name", name);
        var missing = await aws.RunAsync("lambda", "get-function", "--function-name", name);

        Assert.Equal("dev", created.RootElement.GetProperty("Environment").GetProperty("Variables").GetProperty("STAGE").GetString());
        Assert.Equal(0, waited.ExitCode);
        Assert.Equal(200, invoked.RootElement.GetProperty("StatusCode").GetInt32());
        Assert.Equal("$LATEST", invoked.RootElement.GetProperty("ExecutedVersion").GetString());
        var log = Encoding.UTF8.GetString(Convert.FromBase64String(invoked.RootElement.GetProperty("LogResult").GetString()!));
        Assert.Contains("hello from ", log, StringComparison.Ordinal);
        Assert.Equal("\"logged\"", await File.ReadAllTextAsync(outPath));
        Assert.Equal("orders", got.RootElement.GetProperty("Tags").GetProperty("team").GetString());
        Assert.Contains(listed.RootElement.GetProperty("Functions").EnumerateArray(), f => f.GetProperty("FunctionName").GetString() == name);
        Assert.Equal(256, configured.RootElement.GetProperty("MemorySize").GetInt32());
        Assert.Contains("events.amazonaws.com", permission.RootElement.GetProperty("Statement").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"Sid\":\"events\"", policy.RootElement.GetProperty("Policy").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, deleted.ExitCode);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("ResourceNotFoundException", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_Invoke_ReportsAFunctionError()
    {
        using var aws = new AwsCli(fixture.Endpoint);
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var zipPath = aws.TempPath("function.zip");
        await File.WriteAllBytesAsync(zipPath, TestFunctions.ShellFunction());
        var outPath = aws.TempPath("out.json");
        await aws.RunJsonAsync("lambda", "create-function", "--function-name", name, "--runtime", "provided.al2023",
            "--handler", "fail", "--role", "arn:aws:iam::000000000000:role/lambda", "--zip-file", "fileb://" + zipPath);

        using var invoked = await aws.RunJsonAsync("lambda", "invoke", "--function-name", name, outPath);

        Assert.Equal("Unhandled", invoked.RootElement.GetProperty("FunctionError").GetString());
        Assert.Contains("\"errorMessage\":\"boom\"", await File.ReadAllTextAsync(outPath), StringComparison.Ordinal);
    }
}
