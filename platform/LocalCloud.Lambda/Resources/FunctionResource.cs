using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;

namespace LocalCloud.Lambda.Resources;

/// <summary>
/// <c>AWS::Lambda::Function</c> through the Lambda API: <c>Ref</c> is the function name, <c>Fn::GetAtt</c> gives
/// <c>Arn</c>. A change to <c>FunctionName</c> or <c>PackageType</c> replaces the function; anything else updates it in
/// place (configuration, code, reserved concurrency and tags, each only when it changed).
/// </summary>
internal sealed class FunctionResource(LambdaApi api) : IResourceProvider
{
    private const int MaxNameLength = 64;

    private static readonly string[] ConfigurationProperties =
    [
        "Role", "Handler", "Description", "Timeout", "MemorySize", "Environment", "Runtime", "DeadLetterConfig", "TracingConfig",
        "Layers", "EphemeralStorage", "LoggingConfig", "VpcConfig", "KmsKeyArn",
    ];

    public string ResourceType => "AWS::Lambda::Function";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>
    {
        ["FunctionName"] = UpdateBehavior.Replacement,
        ["PackageType"] = UpdateBehavior.Replacement,
        ["Code"] = UpdateBehavior.NoInterruption,
        ["Architectures"] = UpdateBehavior.NoInterruption,
        ["ReservedConcurrentExecutions"] = UpdateBehavior.NoInterruption,
        ["Tags"] = UpdateBehavior.NoInterruption,
        ["Role"] = UpdateBehavior.NoInterruption,
        ["Handler"] = UpdateBehavior.NoInterruption,
        ["Description"] = UpdateBehavior.NoInterruption,
        ["Timeout"] = UpdateBehavior.NoInterruption,
        ["MemorySize"] = UpdateBehavior.NoInterruption,
        ["Environment"] = UpdateBehavior.NoInterruption,
        ["Runtime"] = UpdateBehavior.NoInterruption,
        ["DeadLetterConfig"] = UpdateBehavior.NoInterruption,
        ["TracingConfig"] = UpdateBehavior.NoInterruption,
        ["Layers"] = UpdateBehavior.NoInterruption,
        ["EphemeralStorage"] = UpdateBehavior.NoInterruption,
        ["LoggingConfig"] = UpdateBehavior.NoInterruption,
        ["VpcConfig"] = UpdateBehavior.NoInterruption,
        ["KmsKeyArn"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var properties = operation.Properties;
        var name = NameOf(operation);
        var body = Configuration(operation, forUpdate: false);
        body["FunctionName"] = name;
        body["Code"] = Code(properties);
        if (properties["Architectures"]?.DeepClone() is { } architectures)
        {
            body["Architectures"] = architectures;
        }

        if (ResourceProperties.String(properties, "PackageType") is { } packageType)
        {
            body["PackageType"] = packageType;
        }

        if (LambdaApi.Tags(operation) is { Count: > 0 } tags)
        {
            body["Tags"] = tags;
        }

        var created = await api.CallAsync(operation, "CreateFunction", body, cancellationToken: cancellationToken);
        if (ResourceProperties.Int(properties, "ReservedConcurrentExecutions") is { } reserved)
        {
            await PutConcurrencyAsync(operation, name, reserved, cancellationToken);
        }

        return Provisioned(name, created);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var name = current.PhysicalId;
        var route = LambdaApi.Route("FunctionName", name);
        JsonNode? latest = null;
        if (ConfigurationProperties.Any(p => ResourceProperties.Changed(operation.PreviousProperties, operation.Properties, p)))
        {
            latest = await api.CallAsync(operation, "UpdateFunctionConfiguration", Configuration(operation, forUpdate: true), route, cancellationToken: cancellationToken);
        }

        if (ResourceProperties.Changed(operation.PreviousProperties, operation.Properties, "Code") || ResourceProperties.Changed(operation.PreviousProperties, operation.Properties, "Architectures"))
        {
            var code = Code(operation.Properties);
            if (operation.Properties["Architectures"]?.DeepClone() is { } architectures)
            {
                code["Architectures"] = architectures;
            }

            latest = await api.CallAsync(operation, "UpdateFunctionCode", code, route, cancellationToken: cancellationToken);
        }

        if (ResourceProperties.Changed(operation.PreviousProperties, operation.Properties, "ReservedConcurrentExecutions"))
        {
            if (ResourceProperties.Int(operation.Properties, "ReservedConcurrentExecutions") is { } reserved)
            {
                await PutConcurrencyAsync(operation, name, reserved, cancellationToken);
            }
            else
            {
                await api.CallAsync(operation, "DeleteFunctionConcurrency", null, route, cancellationToken: cancellationToken);
            }
        }

        if (ResourceProperties.Changed(operation.PreviousProperties, operation.Properties, "Tags"))
        {
            await UpdateTagsAsync(operation, name, cancellationToken);
        }

        latest ??= await api.CallAsync(operation, "GetFunctionConfiguration", null, route, cancellationToken: cancellationToken);
        return Provisioned(name, latest);
    }

    public Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken) =>
        api.DeleteAsync(operation, "DeleteFunction", LambdaApi.Route("FunctionName", current?.PhysicalId ?? NameOf(operation)), null, cancellationToken);

    private static string NameOf(ResourceOperation operation) =>
        ResourceProperties.String(operation.Properties, "FunctionName") ?? operation.GeneratedName(MaxNameLength);

    private static ProvisionedResource Provisioned(string name, JsonNode? configuration) =>
        ProvisionedResource.Of(name, ("Arn", configuration?["FunctionArn"]?.DeepClone()));

    /// <summary>The configuration members of <c>CreateFunction</c> and <c>UpdateFunctionConfiguration</c>. An update
    /// sends every one of them, so a property removed from the template goes back to Lambda's default.</summary>
    private static JsonObject Configuration(ResourceOperation operation, bool forUpdate)
    {
        var properties = operation.Properties;
        var body = new JsonObject();
        foreach (var name in new[] { "Role", "Handler", "Runtime", "LoggingConfig", "VpcConfig" })
        {
            if (properties[name]?.DeepClone() is { } value)
            {
                body[name] = value;
            }
        }

        if (ResourceProperties.String(properties, "KmsKeyArn") is { } kms)
        {
            body["KMSKeyArn"] = kms;
        }

        var description = ResourceProperties.String(properties, "Description");
        var timeout = ResourceProperties.Int(properties, "Timeout");
        var memory = ResourceProperties.Int(properties, "MemorySize");
        var environment = properties["Environment"]?.DeepClone();
        var deadLetter = properties["DeadLetterConfig"]?.DeepClone();
        var tracing = properties["TracingConfig"]?.DeepClone();
        var layers = properties["Layers"]?.DeepClone();
        var ephemeral = properties["EphemeralStorage"] is JsonObject storage && ResourceProperties.Int(storage, "Size") is { } size
            ? new JsonObject { ["Size"] = size }
            : null;
        if (forUpdate)
        {
            description ??= string.Empty;
            timeout ??= 3;
            memory ??= 128;
            environment ??= new JsonObject { ["Variables"] = new JsonObject() };
            deadLetter ??= new JsonObject();
            tracing ??= new JsonObject { ["Mode"] = "PassThrough" };
            layers ??= new JsonArray();
            ephemeral ??= new JsonObject { ["Size"] = 512 };
        }

        Set(body, "Description", description is null ? null : JsonValue.Create(description));
        Set(body, "Timeout", timeout is null ? null : JsonValue.Create(timeout.Value));
        Set(body, "MemorySize", memory is null ? null : JsonValue.Create(memory.Value));
        Set(body, "Environment", environment);
        Set(body, "DeadLetterConfig", deadLetter);
        Set(body, "TracingConfig", tracing);
        Set(body, "Layers", layers);
        Set(body, "EphemeralStorage", ephemeral);
        return body;

        static void Set(JsonObject body, string name, JsonNode? value)
        {
            if (value is not null)
            {
                body[name] = value;
            }
        }
    }

    /// <summary>
    /// <c>Code</c> as the API takes it. <c>ZipFile</c> in a template is the source text itself, which CloudFormation
    /// zips as <c>index.js</c> or <c>index.py</c>; it is only for the Node.js and Python runtimes.
    /// </summary>
    private static JsonObject Code(JsonObject properties)
    {
        if (properties["Code"] is not JsonObject code)
        {
            throw new ResourceProviderException("Property Code cannot be empty.");
        }

        var result = new JsonObject();
        if (ResourceProperties.String(code, "ZipFile") is { } source)
        {
            var runtime = ResourceProperties.String(properties, "Runtime") ?? string.Empty;
            var file = runtime.StartsWith("nodejs", StringComparison.Ordinal) ? "index.js"
                : runtime.StartsWith("python", StringComparison.Ordinal) ? "index.py"
                : throw new ResourceProviderException("ZipFile can only be used when Runtime is set to either of python3.x or nodejs runtimes.");
            result["ZipFile"] = Convert.ToBase64String(ZipOf(file, source));
        }

        foreach (var (from, to) in new[] { ("S3Bucket", "S3Bucket"), ("S3Key", "S3Key"), ("S3ObjectVersion", "S3ObjectVersion"), ("ImageUri", "ImageUri") })
        {
            if (ResourceProperties.String(code, from) is { } value)
            {
                result[to] = value;
            }
        }

        return result;
    }

    private static byte[] ZipOf(string file, string source)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = archive.CreateEntry(file);
            using var stream = entry.Open();
            stream.Write(Encoding.UTF8.GetBytes(source));
        }

        return buffer.ToArray();
    }

    private Task<JsonNode?> PutConcurrencyAsync(ResourceOperation operation, string name, int reserved, CancellationToken cancellationToken) =>
        api.CallAsync(operation, "PutFunctionConcurrency", new JsonObject { ["ReservedConcurrentExecutions"] = reserved }, LambdaApi.Route("FunctionName", name), cancellationToken: cancellationToken);

    private async Task UpdateTagsAsync(ResourceOperation operation, string name, CancellationToken cancellationToken)
    {
        var configuration = await api.CallAsync(operation, "GetFunctionConfiguration", null, LambdaApi.Route("FunctionName", name), cancellationToken: cancellationToken);
        var arn = configuration?["FunctionArn"]?.ToString() ?? throw new ResourceProviderException($"Function {name} has no ARN.");
        var route = LambdaApi.Route("Resource", arn);
        var wanted = LambdaApi.Tags(operation);
        var existing = (await api.CallAsync(operation, "ListTags", null, route, cancellationToken: cancellationToken))?["Tags"] as JsonObject ?? [];
        var removed = existing.Select(t => t.Key).Where(k => !wanted.ContainsKey(k)).ToList();
        foreach (var key in removed)
        {
            await api.CallAsync(operation, "UntagResource", null, route, new Dictionary<string, string> { ["tagKeys"] = key }, cancellationToken);
        }

        if (wanted.Count > 0)
        {
            await api.CallAsync(operation, "TagResource", new JsonObject { ["Tags"] = wanted }, route, cancellationToken: cancellationToken);
        }
    }
}
