using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalCloud.Testing;

namespace LocalCloud.Lambda.Tests;

/// <summary>
/// Function packages for tests: a <c>bootstrap</c> shell script speaking the Runtime API with curl, whatever
/// language the function would be written in. <c>_HANDLER</c> picks the behaviour: <c>echo</c> (the event back),
/// <c>env</c> (some environment and the process id), <c>fail</c> (a function error), <c>sleep</c> (waits
/// <c>SLEEP</c> seconds, then answers), <c>exit</c> (exits with status 3 mid-invocation), <c>initfail</c> (reports an
/// init error), <c>log</c> (writes a line to standard output and one to standard error, then answers), <c>print</c>
/// (writes the event on one line of standard output).
/// </summary>
public static class TestFunctions
{
    public const string Script = """
        #!/bin/sh
        set -u
        API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        if [ "$_HANDLER" = "initfail" ]; then
          curl -sS -X POST -H "Lambda-Runtime-Function-Error-Type: Runtime.ConfigError" --data-binary '{"errorMessage":"missing setting","errorType":"Runtime.ConfigError"}' "$API/init/error" >/dev/null
          exit 1
        fi
        HEADERS="$(mktemp)"
        while true; do
          EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")" || exit 2
          ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\r' | awk '{print $2}')"
          DEADLINE="$(grep -i '^Lambda-Runtime-Deadline-Ms:' "$HEADERS" | tr -d '\r' | awk '{print $2}')"
          ARN="$(grep -i '^Lambda-Runtime-Invoked-Function-Arn:' "$HEADERS" | tr -d '\r' | awk '{print $2}')"
          case "$_HANDLER" in
            echo) RESPONSE="$EVENT" ;;
            env) RESPONSE="{\"pid\":\"$$\",\"requestId\":\"$ID\",\"deadline\":\"$DEADLINE\",\"arn\":\"$ARN\",\"endpoint\":\"${AWS_ENDPOINT_URL:-}\",\"name\":\"$AWS_LAMBDA_FUNCTION_NAME\",\"memory\":\"$AWS_LAMBDA_FUNCTION_MEMORY_SIZE\",\"region\":\"$AWS_REGION\",\"version\":\"$AWS_LAMBDA_FUNCTION_VERSION\",\"group\":\"$AWS_LAMBDA_LOG_GROUP_NAME\",\"custom\":\"${CUSTOM:-}\",\"key\":\"$AWS_ACCESS_KEY_ID\",\"root\":\"$LAMBDA_TASK_ROOT\",\"cwd\":\"$(pwd)\"}" ;;
            fail)
              curl -sS -X POST -H "Lambda-Runtime-Function-Error-Type: Function.Boom" --data-binary '{"errorMessage":"boom","errorType":"BoomError","stackTrace":["at handler"]}' "$API/invocation/$ID/error" >/dev/null
              continue ;;
            sleep) sleep "${SLEEP:-1}"; RESPONSE='"slept"' ;;
            exit) exit 3 ;;
            log) echo "hello from $ID"; echo "warning from $ID" >&2; RESPONSE='"logged"' ;;
            print) printf 'event %s\n' "$EVENT" | tr -d '\n'; echo; RESPONSE='{}' ;;
            *) RESPONSE="\"unknown handler $_HANDLER\"" ;;
          esac
          curl -sS -X POST --data-binary "$RESPONSE" "$API/invocation/$ID/response" >/dev/null
        done
        """;

    /// <summary>A zip with <paramref name="files"/> (name → content); <c>bootstrap</c> is executable unless
    /// <paramref name="executable"/> is false.</summary>
    public static byte[] Zip(IReadOnlyDictionary<string, string> files, bool executable = true)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                var entry = archive.CreateEntry(name);
                var mode = name == "bootstrap" && executable ? 0b111_101_101 : 0b110_100_100;
                entry.ExternalAttributes = mode << 16;
                using var stream = entry.Open();
                stream.Write(Encoding.UTF8.GetBytes(content.Replace("\r\n", "\n", StringComparison.Ordinal)));
            }
        }

        return buffer.ToArray();
    }

    public static byte[] ShellFunction(bool executable = true) => Zip(new Dictionary<string, string> { ["bootstrap"] = Script }, executable);

    public static string CreateBody(string name, string handler, int timeout = 3, int memory = 128, Dictionary<string, string>? environment = null, byte[]? zip = null)
    {
        var body = new JsonObject
        {
            ["FunctionName"] = name,
            ["Runtime"] = "provided.al2023",
            ["Role"] = "arn:aws:iam::000000000000:role/lambda-role",
            ["Handler"] = handler,
            ["Timeout"] = timeout,
            ["MemorySize"] = memory,
            ["Code"] = new JsonObject { ["ZipFile"] = Convert.ToBase64String(zip ?? ShellFunction()) },
        };
        if (environment is not null)
        {
            var variables = new JsonObject();
            foreach (var (key, value) in environment)
            {
                variables[key] = value;
            }

            body["Environment"] = new JsonObject { ["Variables"] = variables };
        }

        return body.ToJsonString();
    }
}

/// <summary>Lambda restJson1 calls signed (scope only) for <c>lambda</c>.</summary>
public sealed class LambdaCaller(HttpClient http) : IDisposable
{
    public async Task<LambdaResult> CallAsync(HttpMethod method, string pathAndQuery, string? body = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.TryAddWithoutValidation("Authorization", ScopeOnlySignature.For("lambda"));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var responseHeaders = response.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var error = responseHeaders.GetValueOrDefault("X-Amzn-ErrorType");
        return new LambdaResult(response.StatusCode, error, text, responseHeaders);
    }

    public async Task<JsonElement> OkAsync(HttpMethod method, string pathAndQuery, string? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var result = await CallAsync(method, pathAndQuery, body);
        Assert.True(result.Status == expected, $"{method} {pathAndQuery} answered {(int)result.Status} {result.ErrorType}: {result.Text}");
        return result.Json;
    }

    public Task<JsonElement> CreateAsync(string body) => OkAsync(HttpMethod.Post, "/2015-03-31/functions", body, HttpStatusCode.Created);

    public Task<LambdaResult> InvokeAsync(string name, string payload = "{}", IReadOnlyDictionary<string, string>? headers = null) =>
        CallAsync(HttpMethod.Post, $"/2015-03-31/functions/{name}/invocations", payload, headers);

    public void Dispose() => http.Dispose();
}

public sealed record LambdaResult(HttpStatusCode Status, string? ErrorType, string Text, IReadOnlyDictionary<string, string> Headers)
{
    public JsonElement Json => Text.Length == 0 ? default : JsonDocument.Parse(Text).RootElement.Clone();

    public string Message => Json.ValueKind == JsonValueKind.Object && (Json.TryGetProperty("message", out var m) || Json.TryGetProperty(nameof(Message), out m)) ? m.GetString() ?? "" : "";

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

public sealed class LambdaHostFixture : LocalCloudFixture
{
    public LambdaCaller Lambda() => new(CreateHttpClient());
}
