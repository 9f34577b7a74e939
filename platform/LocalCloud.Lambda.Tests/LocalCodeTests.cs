using System.Net;
using System.Text.Json.Nodes;
using LocalCloud.Testing;

namespace LocalCloud.Lambda.Tests;

/// <summary>Functions whose code is a path on this machine (<c>Code.S3Bucket</c> <c>__local__</c>): a folder with a
/// bootstrap, a zip, a .NET project the local cloud publishes itself; and what a bad path answers.</summary>
public sealed class LocalCodeTests(LambdaHostFixture fixture) : IClassFixture<LambdaHostFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("local-code-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static string Body(string name, string handler, string path, int timeout = 3)
    {
        var body = JsonNode.Parse(TestFunctions.CreateBody(name, handler, timeout))!.AsObject();
        body["Code"] = new JsonObject { ["S3Bucket"] = "__local__", ["S3Key"] = path };
        return body.ToJsonString();
    }

    [Fact]
    public async Task A_folder_with_a_bootstrap_runs_as_it_is()
    {
        var bootstrap = Path.Combine(_folder, "bootstrap");
        await File.WriteAllTextAsync(bootstrap, TestFunctions.Script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        using var lambda = fixture.Lambda();
        var name = Unique("folder");

        await lambda.CreateAsync(Body(name, "echo", _folder));

        var result = await lambda.InvokeAsync(name, """{"from":"folder"}""");
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("folder", result.Json.GetProperty("from").GetString());
    }

    [Fact]
    public async Task A_zip_file_is_the_package_and_an_update_reads_it_again()
    {
        var zip = Path.Combine(_folder, "function.zip");
        await File.WriteAllBytesAsync(zip, TestFunctions.ShellFunction());
        using var lambda = fixture.Lambda();
        var name = Unique("zip");
        var created = await lambda.CreateAsync(Body(name, "echo", zip));

        await File.WriteAllBytesAsync(zip, TestFunctions.Zip(new Dictionary<string, string> { ["bootstrap"] = TestFunctions.Script + "\n# changed\n" }));
        var updated = await lambda.OkAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/code", $$"""{"S3Bucket":"__local__","S3Key":"{{zip}}"}""");

        Assert.NotEqual(created.GetProperty("CodeSha256").GetString(), updated.GetProperty("CodeSha256").GetString());
        Assert.Equal(HttpStatusCode.OK, (await lambda.InvokeAsync(name, "{}")).Status);
    }

    [Fact]
    public async Task A_dotnet_project_is_published_and_runs_behind_a_generated_bootstrap()
    {
        var project = Path.Combine(RepositoryPaths.Root, "platform", "LocalCloud.Lambda.TestFunction");
        using var lambda = fixture.Lambda();
        var name = Unique("project");

        await lambda.CreateAsync(Body(name, "Echo", project, timeout: 30));

        var result = await lambda.InvokeAsync(name, """{"from":"project"}""");
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Equal("project", result.Json.GetProperty("from").GetString());
    }

    [Fact]
    public async Task A_path_that_is_no_package_is_an_invalid_parameter()
    {
        using var lambda = fixture.Lambda();

        var result = await lambda.CallAsync(HttpMethod.Post, "/2015-03-31/functions", Body(Unique("bad"), "echo", _folder));

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Contains("is not a .zip file, a folder with a bootstrap, or a .NET project", result.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_object_that_is_not_in_s3_fails_as_lambda_reports_it()
    {
        using var lambda = fixture.Lambda();
        var body = JsonNode.Parse(TestFunctions.CreateBody(Unique("s3"), "echo"))!.AsObject();
        body["Code"] = new JsonObject { ["S3Bucket"] = "no-such-bucket", ["S3Key"] = "code.zip" };

        var result = await lambda.CallAsync(HttpMethod.Post, "/2015-03-31/functions", body.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.StartsWith("Error occurred while GetObject. S3 Error Code: NoSuch", result.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
