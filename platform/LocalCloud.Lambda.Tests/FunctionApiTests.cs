using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalCloud.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Lambda.Tests;

public sealed class FunctionApiTests(LambdaHostFixture fixture) : IClassFixture<LambdaHostFixture>
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task CreateFunction_returns_the_configuration_with_Lambda_s_defaults()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("create");
        var zip = TestFunctions.ShellFunction();

        var created = await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo", zip: zip).Replace("\"Timeout\":3,", "", StringComparison.Ordinal).Replace("\"MemorySize\":128,", "", StringComparison.Ordinal));

        Assert.Equal(name, created.GetProperty("FunctionName").GetString());
        Assert.Equal($"arn:aws:lambda:us-east-1:000000000000:function:{name}", created.GetProperty("FunctionArn").GetString());
        Assert.Equal(3, created.GetProperty("Timeout").GetInt32());
        Assert.Equal(128, created.GetProperty("MemorySize").GetInt32());
        Assert.Equal("$LATEST", created.GetProperty("Version").GetString());
        Assert.Equal("Active", created.GetProperty("State").GetString());
        Assert.Equal("Successful", created.GetProperty("LastUpdateStatus").GetString());
        Assert.Equal("Zip", created.GetProperty("PackageType").GetString());
        Assert.Equal("x86_64", created.GetProperty("Architectures")[0].GetString());
        Assert.Equal(512, created.GetProperty("EphemeralStorage").GetProperty("Size").GetInt32());
        Assert.Equal("PassThrough", created.GetProperty("TracingConfig").GetProperty("Mode").GetString());
        Assert.Equal("Text", created.GetProperty("LoggingConfig").GetProperty("LogFormat").GetString());
        Assert.Equal($"/aws/lambda/{name}", created.GetProperty("LoggingConfig").GetProperty("LogGroup").GetString());
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(zip)), created.GetProperty("CodeSha256").GetString());
        Assert.Equal(zip.Length, created.GetProperty("CodeSize").GetInt64());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$", created.GetProperty("LastModified").GetString());

        var again = await lambda.CallAsync(HttpMethod.Post, "/2015-03-31/functions", TestFunctions.CreateBody(name, "echo"));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("ResourceConflictException", again.ErrorType);
        Assert.Equal($"Function already exist: {name}", again.Message);
    }

    [Theory]
    [InlineData("Timeout", 901, "ValidationException")]
    [InlineData("MemorySize", 64, "ValidationException")]
    [InlineData("Role", "not-a-role", "ValidationException")]
    [InlineData("Runtime", "cobol", "ValidationException")]
    [InlineData("FunctionName", "bad name", "ValidationException")]
    public async Task CreateFunction_refuses_invalid_parameters(string member, object value, string errorType)
    {
        using var lambda = fixture.Lambda();
        var body = JsonNode.Parse(TestFunctions.CreateBody(Unique("bad"), "echo"))!.AsObject();
        body[member] = value is int i ? JsonValue.Create(i) : JsonValue.Create((string)value);

        var result = await lambda.CallAsync(HttpMethod.Post, "/2015-03-31/functions", body.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, result.Status);
        Assert.Equal(errorType, result.ErrorType);
        Assert.StartsWith("1 validation error detected: Value", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateFunction_refuses_bad_packages_and_reserved_variables()
    {
        using var lambda = fixture.Lambda();
        var notZip = JsonNode.Parse(TestFunctions.CreateBody(Unique("bad"), "echo"))!.AsObject();
        notZip["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String("not a zip"u8.ToArray()) };
        var reserved = TestFunctions.CreateBody(Unique("bad"), "echo", environment: new() { ["AWS_REGION"] = "eu-west-1" });

        var zipResult = await lambda.CallAsync(HttpMethod.Post, "/2015-03-31/functions", notZip.ToJsonString());
        var reservedResult = await lambda.CallAsync(HttpMethod.Post, "/2015-03-31/functions", reserved);

        Assert.Equal("InvalidParameterValueException", zipResult.ErrorType);
        Assert.Equal("Could not unzip uploaded file. Please check your file, then try to upload again.", zipResult.Message);
        Assert.Equal("InvalidParameterValueException", reservedResult.ErrorType);
        Assert.EndsWith("Reserved keys used in this request: AWS_REGION", reservedResult.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_list_update_and_delete_work_by_name_and_by_ARN()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("crud");
        var arn = $"arn:aws:lambda:us-east-1:000000000000:function:{name}";
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo"));

        var got = await lambda.OkAsync(HttpMethod.Get, $"/2015-03-31/functions/{Uri.EscapeDataString(arn)}");
        Assert.Equal(name, got.GetProperty("Configuration").GetProperty("FunctionName").GetString());
        Assert.Equal("S3", got.GetProperty("Code").GetProperty("RepositoryType").GetString());
        using (var http = fixture.CreateHttpClient())
        {
            var zip = await http.GetByteArrayAsync(got.GetProperty("Code").GetProperty("Location").GetString());
            Assert.Equal(got.GetProperty("Configuration").GetProperty("CodeSize").GetInt64(), zip.LongLength);
        }

        var partial = await lambda.OkAsync(HttpMethod.Get, $"/2015-03-31/functions/000000000000:function:{name}/configuration");
        Assert.Equal(arn, partial.GetProperty("FunctionArn").GetString());

        var revision = partial.GetProperty("RevisionId").GetString();
        var updated = await lambda.OkAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/configuration",
            JsonSerializer.Serialize(new { Timeout = 30, Description = "updated", RevisionId = revision }));
        Assert.Equal(30, updated.GetProperty("Timeout").GetInt32());
        Assert.Equal("updated", updated.GetProperty("Description").GetString());
        Assert.NotEqual(revision, updated.GetProperty("RevisionId").GetString());

        var stale = await lambda.CallAsync(HttpMethod.Put, $"/2015-03-31/functions/{name}/configuration", JsonSerializer.Serialize(new { Timeout = 5, RevisionId = revision }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("PreconditionFailedException", stale.ErrorType);

        var listed = new List<string>();
        string? marker = null;
        do
        {
            var page = await lambda.OkAsync(HttpMethod.Get, "/2015-03-31/functions?MaxItems=1" + (marker is null ? "" : "&Marker=" + Uri.EscapeDataString(marker)));
            listed.AddRange(page.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("FunctionName").GetString()!));
            marker = page.TryGetProperty("NextMarker", out var next) ? next.GetString() : null;
        }
        while (marker is not null);
        Assert.Contains(name, listed);
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);

        Assert.Equal(HttpStatusCode.NoContent, (await lambda.CallAsync(HttpMethod.Delete, $"/2015-03-31/functions/{name}")).Status);
        var gone = await lambda.CallAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal($"Function not found: {arn}", gone.Message);
        Assert.Equal(HttpStatusCode.NotFound, (await lambda.CallAsync(HttpMethod.Delete, $"/2015-03-31/functions/{name}")).Status);
    }

    [Fact]
    public async Task Permissions_build_the_resource_policy_the_port_evaluates()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("policy");
        var arn = $"arn:aws:lambda:us-east-1:000000000000:function:{name}";
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo"));
        var port = fixture.Services.GetRequiredService<IFunctionPort>();
        const string ruleArn = "arn:aws:events:us-east-1:000000000000:rule/orders";

        Assert.Equal(HttpStatusCode.NotFound, (await lambda.CallAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}/policy")).Status);
        Assert.False(port.IsInvokeAllowed(arn, "events.amazonaws.com", ruleArn, "000000000000"));
        Assert.True(port.IsInvokeAllowed(arn, "000000000000", null, null));

        var added = await lambda.OkAsync(HttpMethod.Post, $"/2015-03-31/functions/{name}/policy",
            JsonSerializer.Serialize(new { StatementId = "events", Action = "lambda:InvokeFunction", Principal = "events.amazonaws.com", SourceArn = ruleArn }),
            HttpStatusCode.Created);
        var statement = JsonDocument.Parse(added.GetProperty("Statement").GetString()!).RootElement;
        Assert.Equal("events", statement.GetProperty("Sid").GetString());
        Assert.Equal("events.amazonaws.com", statement.GetProperty("Principal").GetProperty("Service").GetString());
        Assert.Equal(ruleArn, statement.GetProperty("Condition").GetProperty("ArnLike").GetProperty("AWS:SourceArn").GetString());
        Assert.Equal(arn, statement.GetProperty("Resource").GetString());

        Assert.True(port.IsInvokeAllowed(arn, "events.amazonaws.com", ruleArn, "000000000000"));
        Assert.False(port.IsInvokeAllowed(arn, "events.amazonaws.com", "arn:aws:events:us-east-1:000000000000:rule/other", "000000000000"));
        Assert.False(port.IsInvokeAllowed(arn, "apigateway.amazonaws.com", ruleArn, "000000000000"));

        var duplicate = await lambda.CallAsync(HttpMethod.Post, $"/2015-03-31/functions/{name}/policy",
            JsonSerializer.Serialize(new { StatementId = "events", Action = "lambda:InvokeFunction", Principal = "events.amazonaws.com" }));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);

        await lambda.OkAsync(HttpMethod.Post, $"/2015-03-31/functions/{name}/policy",
            JsonSerializer.Serialize(new { StatementId = "api", Action = "lambda:InvokeFunction", Principal = "apigateway.amazonaws.com", SourceArn = "arn:aws:execute-api:us-east-1:000000000000:abc123/*/*" }),
            HttpStatusCode.Created);
        Assert.True(port.IsInvokeAllowed(arn, "apigateway.amazonaws.com", "arn:aws:execute-api:us-east-1:000000000000:abc123/$default/GET/orders", null));

        var policy = await lambda.OkAsync(HttpMethod.Get, $"/2015-03-31/functions/{name}/policy");
        Assert.Equal(2, JsonDocument.Parse(policy.GetProperty("Policy").GetString()!).RootElement.GetProperty("Statement").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await lambda.CallAsync(HttpMethod.Delete, $"/2015-03-31/functions/{name}/policy/events")).Status);
        Assert.False(port.IsInvokeAllowed(arn, "events.amazonaws.com", ruleArn, "000000000000"));
        var missing = await lambda.CallAsync(HttpMethod.Delete, $"/2015-03-31/functions/{name}/policy/events");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("Statement events is not found in resource policy.", missing.Message);
    }

    [Fact]
    public async Task Tags_concurrency_and_account_settings()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("tags");
        var arn = $"arn:aws:lambda:us-east-1:000000000000:function:{name}";
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo"));

        await lambda.OkAsync(HttpMethod.Post, $"/2017-03-31/tags/{Uri.EscapeDataString(arn)}", """{"Tags":{"team":"orders","env":"dev"}}""", HttpStatusCode.NoContent);
        await lambda.OkAsync(HttpMethod.Delete, $"/2017-03-31/tags/{Uri.EscapeDataString(arn)}?tagKeys=env", null, HttpStatusCode.NoContent);
        var tags = await lambda.OkAsync(HttpMethod.Get, $"/2017-03-31/tags/{Uri.EscapeDataString(arn)}");
        Assert.Equal("""{"team":"orders"}""", tags.GetProperty("Tags").GetRawText());

        Assert.False((await lambda.OkAsync(HttpMethod.Get, $"/2019-09-30/functions/{name}/concurrency")).TryGetProperty("ReservedConcurrentExecutions", out _));
        await lambda.OkAsync(HttpMethod.Put, $"/2017-10-31/functions/{name}/concurrency", """{"ReservedConcurrentExecutions":5}""");
        Assert.Equal(5, (await lambda.OkAsync(HttpMethod.Get, $"/2019-09-30/functions/{name}/concurrency")).GetProperty("ReservedConcurrentExecutions").GetInt32());
        var tooMuch = await lambda.CallAsync(HttpMethod.Put, $"/2017-10-31/functions/{name}/concurrency", """{"ReservedConcurrentExecutions":950}""");
        Assert.Equal("InvalidParameterValueException", tooMuch.ErrorType);
        Assert.Contains("below its minimum value of [100]", tooMuch.Message, StringComparison.Ordinal);

        var settings = await lambda.OkAsync(HttpMethod.Get, "/2016-08-19/account-settings");
        Assert.Equal(1000, settings.GetProperty("AccountLimit").GetProperty("ConcurrentExecutions").GetInt32());
        Assert.True(settings.GetProperty("AccountLimit").GetProperty("UnreservedConcurrentExecutions").GetInt32() <= 995);
        Assert.True(settings.GetProperty("AccountUsage").GetProperty("FunctionCount").GetInt64() >= 1);
        await lambda.OkAsync(HttpMethod.Delete, $"/2017-10-31/functions/{name}/concurrency", null, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task The_port_describes_and_invokes_functions_by_ARN()
    {
        using var lambda = fixture.Lambda();
        var name = Unique("port");
        var arn = $"arn:aws:lambda:us-east-1:000000000000:function:{name}";
        await lambda.CreateAsync(TestFunctions.CreateBody(name, "echo", timeout: 9, memory: 512));
        var port = fixture.Services.GetRequiredService<IFunctionPort>();

        var description = port.Describe(arn + ":$LATEST");
        var result = await port.InvokeAsync(arn, """{"k":"v"}"""u8.ToArray(), new FunctionInvokeOptions { RequestId = "11111111-2222-3333-4444-555555555555" }, CancellationToken.None);

        Assert.NotNull(description);
        Assert.Equal(9, description.TimeoutSeconds);
        Assert.Equal(512, description.MemorySizeMb);
        Assert.Null(port.Describe(arn + "-missing"));
        Assert.True(result.Succeeded);
        Assert.Equal("11111111-2222-3333-4444-555555555555", result.RequestId);
        Assert.Equal("""{"k":"v"}""", System.Text.Encoding.UTF8.GetString(result.Payload.Span));
        var missing = await Assert.ThrowsAsync<Core.Hosting.ServiceException>(() => port.InvokeAsync(arn + "-missing", default, null, CancellationToken.None));
        Assert.Equal("ResourceNotFoundException", missing.Code);
    }
}
