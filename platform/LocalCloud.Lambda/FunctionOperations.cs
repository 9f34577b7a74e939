using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LocalCloud.Core.Activity;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.Core.Validation;
using LocalCloud.Lambda.Model;
using LocalCloud.Lambda.Runtime;
using LocalCloud.Lambda.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Lambda;

/// <summary>
/// The function operations of Lambda: create, read, list, update code and configuration, delete, invoke,
/// resource-based policy, reserved concurrency, tags and account settings.
/// </summary>
internal sealed partial class FunctionOperations : ILambdaOperationSource
{
    private const string FunctionPath = "/2015-03-31/functions/{FunctionName}";
    private const string RolePattern = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
    private const int MaxZipBytes = 50 * 1024 * 1024;
    private const long MaxUnzippedBytes = 262_144_000;
    private const int MaxEnvironmentBytes = 4096;
    private const int MaxAsyncPayloadBytes = 1024 * 1024;
    private const int MinimumUnreserved = 100;

    private static readonly string[] Runtimes =
    [
        "nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "nodejs18.x", "nodejs20.x",
        "nodejs22.x", "nodejs24.x", "java8", "java8.al2", "java11", "java17", "java21", "java25", "python2.7", "python3.6", "python3.7", "python3.8",
        "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
        "dotnetcore3.1", "dotnet6", "dotnet8", "dotnet10", "nodejs4.3-edge", "go1.x", "ruby2.5", "ruby2.7", "ruby3.2", "ruby3.3", "ruby3.4",
        "ruby4.0", "provided", "provided.al2", "provided.al2023", "nodejs26.x", "python3.15", "java8.al2023", "java11.al2023", "java17.al2023",
    ];

    private static readonly HashSet<string> ReservedVariables = new(StringComparer.Ordinal)
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    };

    private readonly LambdaStore _store;
    private readonly FunctionRunner _runner;
    private readonly FunctionLogs _logs;
    private readonly ActivityFeed _activity;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;

    public FunctionOperations(LambdaStore store, FunctionRunner runner, FunctionLogs logs, ActivityFeed activity, TimeProvider time, IServiceProvider services)
    {
        _store = store;
        _runner = runner;
        _logs = logs;
        _activity = activity;
        _time = time;
        _services = services;
    }

    public IEnumerable<RestOperation> Operations =>
    [
        new("CreateFunction", "POST", "/2015-03-31/functions", CreateFunctionAsync),
        new("ListFunctions", "GET", "/2015-03-31/functions", ListFunctionsAsync),
        new("GetFunction", "GET", FunctionPath, GetFunctionAsync),
        new("DeleteFunction", "DELETE", FunctionPath, DeleteFunctionAsync),
        new("GetFunctionConfiguration", "GET", FunctionPath + "/configuration", GetFunctionConfigurationAsync),
        new("UpdateFunctionConfiguration", "PUT", FunctionPath + "/configuration", UpdateFunctionConfigurationAsync),
        new("UpdateFunctionCode", "PUT", FunctionPath + "/code", UpdateFunctionCodeAsync),
        new("Invoke", "POST", FunctionPath + "/invocations", InvokeAsync),
        new("InvokeAsync", "POST", "/2014-11-13/functions/{FunctionName}/invoke-async", InvokeAsyncLegacyAsync),
        new("AddPermission", "POST", FunctionPath + "/policy", AddPermissionAsync),
        new("GetPolicy", "GET", FunctionPath + "/policy", GetPolicyAsync),
        new("RemovePermission", "DELETE", FunctionPath + "/policy/{StatementId}", RemovePermissionAsync),
        new("PutFunctionConcurrency", "PUT", "/2017-10-31/functions/{FunctionName}/concurrency", PutFunctionConcurrencyAsync),
        new("DeleteFunctionConcurrency", "DELETE", "/2017-10-31/functions/{FunctionName}/concurrency", DeleteFunctionConcurrencyAsync),
        new("GetFunctionConcurrency", "GET", "/2019-09-30/functions/{FunctionName}/concurrency", GetFunctionConcurrencyAsync),
        new("TagResource", "POST", "/2017-03-31/tags/{Resource}", TagResourceAsync),
        new("UntagResource", "DELETE", "/2017-03-31/tags/{Resource}", UntagResourceAsync),
        new("ListTags", "GET", "/2017-03-31/tags/{Resource}", ListTagsAsync),
        new("GetAccountSettings", "GET", "/2016-08-19/account-settings", GetAccountSettingsAsync),
    ];

    // ---- create, read, list, delete --------------------------------------------------------------------------------

    private async Task<RestResponse> CreateFunctionAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var input = request.ReadJson(LambdaJsonContext.Default.CreateFunctionInput);
        var name = AwsJson.Required(input.FunctionName, "functionName");
        var role = AwsJson.Required(input.Role, "role");
        var code = AwsJson.Required(input.Code, "code");
        var reference = FunctionNames.Resolve(request.Context.Scope, name);
        if (reference.Qualifier is not null)
        {
            throw LambdaErrors.InvalidParameter("Function name cannot contain a qualifier: " + name);
        }

        CheckRole(role);
        var packageType = input.PackageType ?? "Zip";
        if (packageType != "Zip")
        {
            throw packageType == "Image"
                ? LambdaErrors.InvalidParameter("Container image functions are not supported by this local cloud; use a Zip package with a bootstrap.")
                : ValidationMessages.Enum(packageType, "packageType", ["Zip", "Image"]);
        }

        if (input.Runtime is null || input.Handler is null)
        {
            throw LambdaErrors.InvalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
        }

        CheckRuntime(input.Runtime);
        CheckHandler(input.Handler);
        var zip = await ReadCodeAsync(reference.Scope, code.ZipFile, code.S3Bucket, code.S3Key, code.S3ObjectVersion, code.ImageUri, cancellationToken);
        var now = _time.GetUtcNow();
        var configuration = new FunctionConfigurationDto
        {
            FunctionName = reference.Name,
            FunctionArn = reference.Arn,
            Runtime = input.Runtime,
            Role = role,
            Handler = input.Handler,
            Description = CheckDescription(input.Description) ?? string.Empty,
            Timeout = CheckTimeout(input.Timeout) ?? 3,
            MemorySize = CheckMemory(input.MemorySize) ?? 128,
            LastModified = LastModified(now),
            Version = FunctionNames.Latest,
            Environment = CheckEnvironment(input.Environment),
            DeadLetterConfig = CheckDeadLetter(input.DeadLetterConfig),
            TracingConfig = new TracingConfigDto { Mode = CheckTracing(input.TracingConfig) ?? "PassThrough" },
            State = "Active",
            LastUpdateStatus = "Successful",
            PackageType = "Zip",
            Architectures = CheckArchitectures(input.Architectures) ?? ["x86_64"],
            EphemeralStorage = new EphemeralStorageDto { Size = CheckEphemeral(input.EphemeralStorage) ?? 512 },
            SnapStart = new SnapStartResponseDto(),
            LoggingConfig = CheckLogging(input.LoggingConfig, null, reference.Name),
            RuntimeVersionConfig = new RuntimeVersionConfigDto { RuntimeVersionArn = $"arn:aws:lambda:{reference.Scope.Region}::runtime:{RuntimeHash(input.Runtime)}" },
            KMSKeyArn = input.KMSKeyArn,
            Layers = input.Layers is { Count: > 0 } layers ? [.. layers.Select(l => new LayerDto { Arn = l })] : null,
            VpcConfig = VpcConfig(input.VpcConfig),
        };
        WithCode(configuration, zip);
        configuration.RevisionId = Guid.NewGuid().ToString();
        var tags = CheckTags(input.Tags) ?? [];
        var function = new FunctionRecord(reference.Scope, configuration, tags, null, null);
        await _store.CreateAsync(function, zip);
        _activity.Publish("lambda", "function.created", $"{reference.Name} ({input.Runtime}, {configuration.CodeSize} bytes)", new Dictionary<string, string> { ["function"] = reference.Arn });
        return RestResponse.Json(configuration, LambdaJsonContext.Default.FunctionConfigurationDto, 201);
    }

    private Task<RestResponse> GetFunctionAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var function = Find(request);
        var output = new GetFunctionOutput
        {
            Configuration = function.Configuration,
            Code = new FunctionCodeLocationDto { Location = new Uri(request.Context.Endpoint, LambdaEndpoints.CodeLocation(function.CodeSha256)).ToString() },
            Tags = function.Tags.Count > 0 ? new Dictionary<string, string>(function.Tags) : null,
            Concurrency = function.ReservedConcurrency is { } reserved ? new ConcurrencyDto { ReservedConcurrentExecutions = reserved } : null,
        };
        return Task.FromResult(RestResponse.Json(output, LambdaJsonContext.Default.GetFunctionOutput));
    }

    private Task<RestResponse> GetFunctionConfigurationAsync(RestRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(RestResponse.Json(Find(request).Configuration, LambdaJsonContext.Default.FunctionConfigurationDto));

    private Task<RestResponse> ListFunctionsAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var maxItems = 50;
        if (request.Query("MaxItems") is { } max)
        {
            if (!int.TryParse(max, NumberStyles.Integer, CultureInfo.InvariantCulture, out maxItems) || maxItems is < 1 or > 10_000)
            {
                throw ValidationMessages.Range(long.TryParse(max, CultureInfo.InvariantCulture, out var shown) ? shown : 0, "maxItems", 1, 10_000);
            }
        }

        string? after = null;
        if (request.Query("Marker") is { Length: > 0 } marker)
        {
            after = DecodeMarker(marker);
        }

        var page = _store.List(request.Context.Scope, after, maxItems + 1);
        var output = new ListFunctionsOutput { Functions = [.. page.Take(maxItems).Select(f => f.Configuration)] };
        if (page.Count > maxItems)
        {
            output.NextMarker = EncodeMarker(page[maxItems - 1].Name);
        }

        return Task.FromResult(RestResponse.Json(output, LambdaJsonContext.Default.ListFunctionsOutput));
    }

    private async Task<RestResponse> DeleteFunctionAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = Reference(request);
        if (reference.Qualifier is { } qualifier && qualifier != FunctionNames.Latest)
        {
            throw LambdaErrors.NotFound($"Function not found: {reference.QualifiedArn}");
        }

        if (reference.Qualifier == FunctionNames.Latest)
        {
            throw LambdaErrors.InvalidParameter("$LATEST version cannot be deleted without deleting the function.");
        }

        var deleted = await _store.DeleteAsync(reference.Scope, reference.Name) ?? throw LambdaErrors.FunctionNotFound(reference.Arn);
        _runner.Retire(deleted.Arn);
        _runner.ReservedConcurrencyChanged();
        await _logs.DeleteAsync(deleted.Arn);
        _activity.Publish("lambda", "function.deleted", deleted.Name, new Dictionary<string, string> { ["function"] = deleted.Arn });
        return RestResponse.NoContent();
    }

    // ---- updates -------------------------------------------------------------------------------------------------

    private async Task<RestResponse> UpdateFunctionCodeAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = Reference(request);
        var input = request.ReadJson(LambdaJsonContext.Default.UpdateFunctionCodeInput);
        var zip = await ReadCodeAsync(reference.Scope, input.ZipFile, input.S3Bucket, input.S3Key, input.S3ObjectVersion, input.ImageUri, cancellationToken);
        var architectures = CheckArchitectures(input.Architectures);
        if (input.DryRun == true)
        {
            var current = Find(reference);
            CheckRevision(current, input.RevisionId);
            var preview = Copy(current.Configuration);
            WithCode(preview, zip);
            return RestResponse.Json(preview, LambdaJsonContext.Default.FunctionConfigurationDto);
        }

        var updated = await _store.UpdateAsync(reference.Scope, reference.Name, current =>
        {
            CheckRevision(current, input.RevisionId);
            var configuration = Copy(current.Configuration);
            WithCode(configuration, zip);
            if (architectures is not null)
            {
                configuration.Architectures = architectures;
            }

            Touch(configuration);
            return current with { Configuration = configuration };
        }, zip);
        _runner.Retire(updated.Arn);
        _activity.Publish("lambda", "function.code-updated", $"{updated.Name} ({updated.Configuration.CodeSize} bytes)", new Dictionary<string, string> { ["function"] = updated.Arn });
        return RestResponse.Json(updated.Configuration, LambdaJsonContext.Default.FunctionConfigurationDto);
    }

    private async Task<RestResponse> UpdateFunctionConfigurationAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = Reference(request);
        var input = request.ReadJson(LambdaJsonContext.Default.UpdateFunctionConfigurationInput);
        if (input.Role is { } role)
        {
            CheckRole(role);
        }

        if (input.Runtime is { } runtime)
        {
            CheckRuntime(runtime);
        }

        if (input.Handler is { } handler)
        {
            CheckHandler(handler);
        }

        var description = CheckDescription(input.Description);
        var timeout = CheckTimeout(input.Timeout);
        var memory = CheckMemory(input.MemorySize);
        var environment = input.Environment is null ? null : CheckEnvironment(input.Environment) ?? new EnvironmentResponseDto { Variables = [] };
        var deadLetter = input.DeadLetterConfig is null ? null : CheckDeadLetter(input.DeadLetterConfig) ?? new DeadLetterConfigDto();
        var tracing = CheckTracing(input.TracingConfig);
        var ephemeral = CheckEphemeral(input.EphemeralStorage);
        var updated = await _store.UpdateAsync(reference.Scope, reference.Name, current =>
        {
            CheckRevision(current, input.RevisionId);
            var configuration = Copy(current.Configuration);
            configuration.Role = input.Role ?? configuration.Role;
            configuration.Runtime = input.Runtime ?? configuration.Runtime;
            configuration.Handler = input.Handler ?? configuration.Handler;
            configuration.Description = description ?? configuration.Description;
            configuration.Timeout = timeout ?? configuration.Timeout;
            configuration.MemorySize = memory ?? configuration.MemorySize;
            if (environment is not null)
            {
                configuration.Environment = environment.Variables is { Count: > 0 } ? environment : null;
            }

            if (deadLetter is not null)
            {
                configuration.DeadLetterConfig = deadLetter.TargetArn is null ? null : deadLetter;
            }

            if (tracing is not null)
            {
                configuration.TracingConfig = new TracingConfigDto { Mode = tracing };
            }

            if (ephemeral is not null)
            {
                configuration.EphemeralStorage = new EphemeralStorageDto { Size = ephemeral };
            }

            if (input.LoggingConfig is not null)
            {
                configuration.LoggingConfig = CheckLogging(input.LoggingConfig, configuration.LoggingConfig, configuration.FunctionName!);
            }

            if (input.Layers is not null)
            {
                configuration.Layers = input.Layers.Count > 0 ? [.. input.Layers.Select(l => new LayerDto { Arn = l })] : null;
            }

            if (input.VpcConfig is not null)
            {
                configuration.VpcConfig = VpcConfig(input.VpcConfig);
            }

            configuration.KMSKeyArn = input.KMSKeyArn ?? configuration.KMSKeyArn;
            Touch(configuration);
            return current with { Configuration = configuration };
        });
        _runner.Retire(updated.Arn);
        _activity.Publish("lambda", "function.configuration-updated", updated.Name, new Dictionary<string, string> { ["function"] = updated.Arn });
        return RestResponse.Json(updated.Configuration, LambdaJsonContext.Default.FunctionConfigurationDto);
    }

    // ---- invoke --------------------------------------------------------------------------------------------------

    private async Task<RestResponse> InvokeAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = Reference(request);
        var function = Find(reference);
        var invocationType = request.Header("X-Amz-Invocation-Type") ?? "RequestResponse";
        var logType = request.Header("X-Amz-Log-Type") ?? "None";
        if (logType is not ("None" or "Tail"))
        {
            throw ValidationMessages.Enum(logType, "logType", ["None", "Tail"]);
        }

        switch (invocationType)
        {
            case "DryRun":
                return RestResponse.NoContent();
            case "Event":
                await EnqueueEventAsync(function, request.Body, cancellationToken);
                return new RestResponse { StatusCode = 202, Headers = Executed() };
            case "RequestResponse":
                break;
            default:
                throw ValidationMessages.Enum(invocationType, "invocationType", ["Event", "RequestResponse", "DryRun"]);
        }

        var options = new FunctionInvokeOptions
        {
            ClientContext = request.Header("X-Amz-Client-Context"),
            TailLog = logType == "Tail",
            Caller = "invoke",
        };
        var result = await _runner.InvokeAsync(function, reference.Qualifier, request.Body, options, cancellationToken);
        var headers = Executed();
        if (result.FunctionError is { } error)
        {
            headers["X-Amz-Function-Error"] = error;
        }

        if (result.LogTail is { } tail)
        {
            headers["X-Amz-Log-Result"] = tail;
        }

        return new RestResponse { StatusCode = 200, Body = result.Payload, Headers = headers };
    }

    private async Task<RestResponse> InvokeAsyncLegacyAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var function = Find(request);
        await EnqueueEventAsync(function, request.Body, cancellationToken);
        return RestResponse.Json(new InvokeAsyncOutput(), LambdaJsonContext.Default.InvokeAsyncOutput, 202);
    }

    private async Task EnqueueEventAsync(FunctionRecord function, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length > MaxAsyncPayloadBytes)
        {
            throw LambdaErrors.RequestTooLarge($"Request must be smaller than {MaxAsyncPayloadBytes} bytes for the InvokeFunction operation");
        }

        var queue = _services.GetService<IAsyncInvocations>()
            ?? throw new ServiceException("ServiceException", "Asynchronous invocation is not available in this local cloud.", 500);
        var description = _runner.Describe(function.Arn) ?? throw LambdaErrors.FunctionNotFound(function.Arn);
        await queue.EnqueueAsync(description, payload.ToArray(), Guid.NewGuid().ToString(), cancellationToken);
    }

    private static Dictionary<string, string> Executed() => new(StringComparer.Ordinal) { ["X-Amz-Executed-Version"] = FunctionNames.Latest };

    // ---- permissions ---------------------------------------------------------------------------------------------

    private async Task<RestResponse> AddPermissionAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = Reference(request);
        var input = request.ReadJson(LambdaJsonContext.Default.AddPermissionInput);
        var sid = AwsJson.Required(input.StatementId, "statementId");
        var action = AwsJson.Required(input.Action, "action");
        var principal = AwsJson.Required(input.Principal, "principal");
        if (sid.Length is < 1 or > 100 || !StatementIdPattern().IsMatch(sid))
        {
            throw sid.Length > 100 ? ValidationMessages.MaxLength(sid, "statementId", 100) : ValidationMessages.Pattern(sid, "statementId", "([a-zA-Z0-9-_]+)");
        }

        if (!ActionPattern().IsMatch(action))
        {
            throw ValidationMessages.Pattern(action, "action", "(lambda:[*]|lambda:[a-zA-Z]+|[*])");
        }

        if (principal.Length == 0 || principal.Any(char.IsWhiteSpace))
        {
            throw ValidationMessages.Pattern(principal, "principal", "[^\\s]+");
        }

        PolicyStatement? statement = null;
        var updated = await _store.UpdateAsync(reference.Scope, reference.Name, current =>
        {
            CheckRevision(current, input.RevisionId);
            var policy = current.Policy ?? new PolicyDocument();
            if (policy.Statement.Any(s => s.Sid == sid))
            {
                throw LambdaErrors.Conflict($"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement.");
            }

            statement = new PolicyStatement
            {
                Sid = sid,
                Principal = PrincipalOf(principal),
                Action = action,
                Resource = current.Arn,
                Condition = Conditions(input),
            };
            var next = new PolicyDocument { Statement = [.. policy.Statement, statement] };
            var configuration = Copy(current.Configuration);
            configuration.RevisionId = Guid.NewGuid().ToString();
            return current with { Policy = next, Configuration = configuration };
        });
        _ = updated;
        var output = new AddPermissionOutput { Statement = JsonSerializer.Serialize(statement!, LambdaJsonContext.Default.PolicyStatement) };
        return RestResponse.Json(output, LambdaJsonContext.Default.AddPermissionOutput, 201);
    }

    private Task<RestResponse> GetPolicyAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var function = Find(request);
        if (function.Policy is not { Statement.Count: > 0 } policy)
        {
            throw LambdaErrors.NotFound("The resource you requested does not exist.");
        }

        var output = new GetPolicyOutput { Policy = JsonSerializer.Serialize(policy, LambdaJsonContext.Default.PolicyDocument), RevisionId = function.RevisionId };
        return Task.FromResult(RestResponse.Json(output, LambdaJsonContext.Default.GetPolicyOutput));
    }

    private async Task<RestResponse> RemovePermissionAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = Reference(request);
        var sid = request.Route("StatementId");
        await _store.UpdateAsync(reference.Scope, reference.Name, current =>
        {
            CheckRevision(current, request.Query("RevisionId"));
            if (current.Policy?.Statement.FirstOrDefault(s => s.Sid == sid) is null)
            {
                throw LambdaErrors.NotFound($"Statement {sid} is not found in resource policy.");
            }

            var remaining = current.Policy.Statement.Where(s => s.Sid != sid).ToList();
            var configuration = Copy(current.Configuration);
            configuration.RevisionId = Guid.NewGuid().ToString();
            return current with { Policy = remaining.Count > 0 ? new PolicyDocument { Statement = remaining } : null, Configuration = configuration };
        });
        return RestResponse.NoContent();
    }

    // ---- concurrency ---------------------------------------------------------------------------------------------

    private async Task<RestResponse> PutFunctionConcurrencyAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = Reference(request);
        var input = request.ReadJson(LambdaJsonContext.Default.ConcurrencyDto);
        var reserved = AwsJson.RequiredValue(input.ReservedConcurrentExecutions, "reservedConcurrentExecutions");
        if (reserved < 0)
        {
            throw ValidationMessages.Range(reserved, "reservedConcurrentExecutions", 0, int.MaxValue);
        }

        var others = _store.All().Where(f => f.Arn != reference.Arn).Sum(f => f.ReservedConcurrency ?? 0);
        await _store.UpdateAsync(reference.Scope, reference.Name, current =>
        {
            if (_runner.AccountConcurrency - others - reserved < MinimumUnreserved)
            {
                throw LambdaErrors.InvalidParameter(
                    $"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{MinimumUnreserved}].");
            }

            return current with { ReservedConcurrency = reserved };
        });
        _runner.ReservedConcurrencyChanged();
        return RestResponse.Json(new ConcurrencyDto { ReservedConcurrentExecutions = reserved }, LambdaJsonContext.Default.ConcurrencyDto);
    }

    private async Task<RestResponse> DeleteFunctionConcurrencyAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = Reference(request);
        await _store.UpdateAsync(reference.Scope, reference.Name, current => current with { ReservedConcurrency = null });
        _runner.ReservedConcurrencyChanged();
        return RestResponse.NoContent();
    }

    private Task<RestResponse> GetFunctionConcurrencyAsync(RestRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(RestResponse.Json(new ConcurrencyDto { ReservedConcurrentExecutions = Find(request).ReservedConcurrency }, LambdaJsonContext.Default.ConcurrencyDto));

    private Task<RestResponse> GetAccountSettingsAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var (count, bytes) = _store.Totals(request.Context.Scope);
        var output = new AccountSettingsOutput
        {
            AccountLimit = new AccountLimitDto
            {
                TotalCodeSize = 80_530_636_800,
                CodeSizeUnzipped = MaxUnzippedBytes,
                CodeSizeZipped = MaxZipBytes + 2 * 1024 * 1024,
                ConcurrentExecutions = _runner.AccountConcurrency,
                UnreservedConcurrentExecutions = _runner.UnreservedConcurrency,
            },
            AccountUsage = new AccountUsageDto { TotalCodeSize = bytes, FunctionCount = count },
        };
        return Task.FromResult(RestResponse.Json(output, LambdaJsonContext.Default.AccountSettingsOutput));
    }

    // ---- tags ----------------------------------------------------------------------------------------------------

    private async Task<RestResponse> TagResourceAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = TaggedFunction(request);
        var tags = CheckTags(request.ReadJson(LambdaJsonContext.Default.TagsInput).Tags) ?? throw ServiceException.MissingParameter("tags");
        await _store.UpdateAsync(reference.Scope, reference.Name, current =>
        {
            var merged = new Dictionary<string, string>(current.Tags, StringComparer.Ordinal);
            foreach (var (key, value) in tags)
            {
                merged[key] = value;
            }

            if (merged.Count > 50)
            {
                throw LambdaErrors.InvalidParameter("Number of tags exceeds resource tag limit.");
            }

            return current with { Tags = merged };
        });
        return RestResponse.NoContent();
    }

    private async Task<RestResponse> UntagResourceAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = TaggedFunction(request);
        var keys = request.Http.Request.Query["tagKeys"].Where(k => k is not null).Select(k => k!).ToHashSet(StringComparer.Ordinal);
        await _store.UpdateAsync(reference.Scope, reference.Name, current =>
            current with { Tags = current.Tags.Where(t => !keys.Contains(t.Key)).ToDictionary(StringComparer.Ordinal) });
        return RestResponse.NoContent();
    }

    private Task<RestResponse> ListTagsAsync(RestRequest request, CancellationToken cancellationToken)
    {
        var reference = TaggedFunction(request);
        var function = _store.Get(reference.Scope, reference.Name) ?? throw LambdaErrors.FunctionNotFound(reference.Arn);
        return Task.FromResult(RestResponse.Json(new TagsOutput { Tags = new Dictionary<string, string>(function.Tags) }, LambdaJsonContext.Default.TagsOutput));
    }

    private static FunctionRef TaggedFunction(RestRequest request)
    {
        var resource = request.Route("Resource");
        if (!FunctionNames.TryResolveArn(resource, out var reference))
        {
            throw LambdaErrors.InvalidParameter($"Unsupported resource type: {resource}");
        }

        return reference;
    }

    // ---- lookups and checks --------------------------------------------------------------------------------------

    private static FunctionRef Reference(RestRequest request) =>
        FunctionNames.Resolve(request.Context.Scope, request.Route("FunctionName"), request.Query("Qualifier"));

    private FunctionRecord Find(RestRequest request) => Find(Reference(request));

    private FunctionRecord Find(FunctionRef reference)
    {
        var function = _store.Get(reference.Scope, reference.Name);
        if (function is null)
        {
            throw LambdaErrors.FunctionNotFound(reference.QualifiedArn);
        }

        if (reference.Qualifier is { } qualifier && qualifier != FunctionNames.Latest)
        {
            throw LambdaErrors.FunctionNotFound(reference.QualifiedArn);
        }

        return function;
    }

    private static void CheckRevision(FunctionRecord function, string? revisionId)
    {
        if (revisionId is { Length: > 0 } && revisionId != function.RevisionId)
        {
            throw LambdaErrors.PreconditionFailed("The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id");
        }
    }

    private async Task<byte[]> ReadCodeAsync(ResourceScope scope, byte[]? zipFile, string? bucket, string? key, string? version, string? imageUri, CancellationToken cancellationToken)
    {
        if (imageUri is not null)
        {
            throw LambdaErrors.InvalidParameter("Container image functions are not supported by this local cloud; use a Zip package with a bootstrap.");
        }

        byte[] zip;
        if (zipFile is not null)
        {
            if (bucket is not null || key is not null)
            {
                throw LambdaErrors.InvalidParameter("Please do not provide other FunctionCode parameters when providing a ZipFile.");
            }

            zip = zipFile;
        }
        else if (bucket is not null && key is not null)
        {
            zip = bucket == LocalCode.Bucket
                ? await _services.GetRequiredService<LocalCode>().PackageAsync(key, cancellationToken)
                : await ReadObjectAsync(scope, bucket, key, version, cancellationToken);
        }
        else
        {
            throw LambdaErrors.InvalidParameter("Please provide a source for function code.");
        }

        if (zip.Length > MaxZipBytes)
        {
            throw LambdaErrors.RequestTooLarge($"Zipped size must be smaller than {MaxZipBytes} bytes");
        }

        if (!CodeCache.TryMeasure(zip, out var unpacked))
        {
            throw LambdaErrors.InvalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
        }

        if (unpacked > MaxUnzippedBytes)
        {
            throw LambdaErrors.InvalidParameter($"Unzipped size must be smaller than {MaxUnzippedBytes} bytes");
        }

        return zip;
    }

    private async Task<byte[]> ReadObjectAsync(ResourceScope scope, string bucket, string key, string? version, CancellationToken cancellationToken)
    {
        var objects = _services.GetService<IObjectStorePort>();
        var bytes = objects is null ? null : await objects.GetObjectAsync(scope, bucket, key, version, cancellationToken);
        return bytes ?? throw LambdaErrors.InvalidParameter(objects is null
            ? "Error occurred while GetObject. S3 Error Code: NoSuchBucket. S3 Error Message: The specified bucket does not exist"
            : "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.");
    }

    private static void WithCode(FunctionConfigurationDto configuration, byte[] zip)
    {
        configuration.CodeSha256 = Convert.ToBase64String(SHA256.HashData(zip));
        configuration.CodeSize = zip.Length;
        configuration.RevisionId = Guid.NewGuid().ToString();
    }

    private void Touch(FunctionConfigurationDto configuration)
    {
        configuration.LastModified = LastModified(_time.GetUtcNow());
        configuration.RevisionId = Guid.NewGuid().ToString();
        configuration.LastUpdateStatus = "Successful";
    }

    private static FunctionConfigurationDto Copy(FunctionConfigurationDto configuration) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(configuration, LambdaJsonContext.Default.FunctionConfigurationDto), LambdaJsonContext.Default.FunctionConfigurationDto)!;

    private static string LastModified(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    private static void CheckRole(string role)
    {
        if (role.Length > 10_000 || !RolePatternRegex().IsMatch(role))
        {
            throw ValidationMessages.Pattern(role, "role", RolePattern);
        }
    }

    private static void CheckRuntime(string runtime)
    {
        if (!Runtimes.Contains(runtime, StringComparer.Ordinal))
        {
            throw ValidationMessages.Enum(runtime, "runtime", Runtimes);
        }
    }

    private static void CheckHandler(string handler)
    {
        if (handler.Length > 128)
        {
            throw ValidationMessages.MaxLength(handler, "handler", 128);
        }

        if (handler.Length == 0 || handler.Any(char.IsWhiteSpace))
        {
            throw ValidationMessages.Pattern(handler, "handler", "[^\\s]+");
        }
    }

    private static string? CheckDescription(string? description) =>
        description is { Length: > 256 } ? throw ValidationMessages.MaxLength(description, "description", 256) : description;

    private static int? CheckTimeout(int? timeout) =>
        timeout is { } t && (t < 1 || t > 900) ? throw ValidationMessages.Range(t, "timeout", 1, 900) : timeout;

    private static int? CheckMemory(int? memory) =>
        memory is { } m && (m < 128 || m > 10_240) ? throw ValidationMessages.Range(m, "memorySize", 128, 10_240) : memory;

    private static int? CheckEphemeral(EphemeralStorageDto? storage) =>
        storage?.Size is { } size && (size < 512 || size > 10_240) ? throw ValidationMessages.Range(size, "ephemeralStorage.size", 512, 10_240) : storage?.Size;

    private static string? CheckTracing(TracingConfigDto? tracing) =>
        tracing?.Mode is { } mode && mode is not ("Active" or "PassThrough") ? throw ValidationMessages.Enum(mode, "tracingConfig.mode", ["Active", "PassThrough"]) : tracing?.Mode;

    private static List<string>? CheckArchitectures(List<string>? architectures)
    {
        if (architectures is null)
        {
            return null;
        }

        if (architectures.Count != 1)
        {
            throw ValidationMessages.ListLength("[" + string.Join(", ", architectures) + "]", "architectures", architectures.Count, 1, 1);
        }

        if (architectures[0] is not ("x86_64" or "arm64"))
        {
            throw ValidationMessages.Enum(architectures[0], "architectures", ["x86_64", "arm64"]);
        }

        return architectures;
    }

    private static EnvironmentResponseDto? CheckEnvironment(EnvironmentDto? environment)
    {
        if (environment?.Variables is not { Count: > 0 } variables)
        {
            return null;
        }

        var reserved = variables.Keys.Where(ReservedVariables.Contains).ToList();
        if (reserved.Count > 0)
        {
            throw LambdaErrors.InvalidParameter(
                "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: "
                + string.Join(", ", reserved));
        }

        foreach (var name in variables.Keys)
        {
            if (!VariableNamePattern().IsMatch(name))
            {
                throw ValidationMessages.Pattern(name, "environment.variables", "[a-zA-Z]([a-zA-Z0-9_])+");
            }
        }

        var measured = JsonSerializer.Serialize(variables, LambdaJsonContext.Default.DictionaryStringString);
        if (Encoding.UTF8.GetByteCount(measured) > MaxEnvironmentBytes)
        {
            throw LambdaErrors.InvalidParameter(
                $"Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {measured}");
        }

        return new EnvironmentResponseDto { Variables = new Dictionary<string, string>(variables, StringComparer.Ordinal) };
    }

    private static DeadLetterConfigDto? CheckDeadLetter(DeadLetterConfigDto? deadLetter)
    {
        if (deadLetter?.TargetArn is not { Length: > 0 } arn)
        {
            return null;
        }

        if (!Arn.TryParse(arn, out var parsed) || parsed.Service is not ("sqs" or "sns"))
        {
            throw LambdaErrors.InvalidParameter("The provided target arn is invalid or is not a supported service (SNS, SQS).");
        }

        return new DeadLetterConfigDto { TargetArn = arn };
    }

    private static LoggingConfigDto CheckLogging(LoggingConfigDto? input, LoggingConfigDto? current, string name)
    {
        var format = input?.LogFormat ?? current?.LogFormat ?? "Text";
        if (format is not ("Text" or "JSON"))
        {
            throw ValidationMessages.Enum(format, "loggingConfig.logFormat", ["JSON", "Text"]);
        }

        string[] levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
        foreach (var (value, member) in new[] { (input?.ApplicationLogLevel, "applicationLogLevel"), (input?.SystemLogLevel, "systemLogLevel") })
        {
            if (value is not null && !levels.Contains(value, StringComparer.Ordinal))
            {
                throw ValidationMessages.Enum(value, "loggingConfig." + member, levels);
            }
        }

        if (format == "Text" && (input?.ApplicationLogLevel is not null || input?.SystemLogLevel is not null))
        {
            throw LambdaErrors.InvalidParameter("Advanced logging controls (ApplicationLogLevel and SystemLogLevel) are only supported with the JSON log format.");
        }

        return new LoggingConfigDto
        {
            LogFormat = format,
            ApplicationLogLevel = format == "JSON" ? input?.ApplicationLogLevel ?? current?.ApplicationLogLevel ?? "INFO" : null,
            SystemLogLevel = format == "JSON" ? input?.SystemLogLevel ?? current?.SystemLogLevel ?? "INFO" : null,
            LogGroup = input?.LogGroup ?? current?.LogGroup ?? $"/aws/lambda/{name}",
        };
    }

    private static Dictionary<string, string>? CheckTags(Dictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return null;
        }

        if (tags.Count > 50)
        {
            throw LambdaErrors.InvalidParameter("Number of tags exceeds resource tag limit.");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is < 1 or > 128 || value.Length > 256 || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw LambdaErrors.InvalidParameter($"Tag key or value is invalid: {key}");
            }
        }

        return new Dictionary<string, string>(tags, StringComparer.Ordinal);
    }

    private static VpcConfigResponseDto? VpcConfig(VpcConfigInput? input) =>
        input is null ? null : new VpcConfigResponseDto { SubnetIds = input.SubnetIds ?? [], SecurityGroupIds = input.SecurityGroupIds ?? [], VpcId = input.SubnetIds is { Count: > 0 } ? "vpc-local" : string.Empty };

    private static Dictionary<string, string> PrincipalOf(string principal)
    {
        if (principal == "*")
        {
            return new Dictionary<string, string> { ["AWS"] = "*" };
        }

        if (AccountPattern().IsMatch(principal))
        {
            return new Dictionary<string, string> { ["AWS"] = $"arn:aws:iam::{principal}:root" };
        }

        return principal.StartsWith("arn:", StringComparison.Ordinal)
            ? new Dictionary<string, string> { ["AWS"] = principal }
            : new Dictionary<string, string> { ["Service"] = principal };
    }

    private static Dictionary<string, Dictionary<string, string>>? Conditions(AddPermissionInput input)
    {
        var conditions = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        if (input.SourceAccount is { } account)
        {
            conditions["StringEquals"] = new Dictionary<string, string> { ["AWS:SourceAccount"] = account };
        }

        if (input.PrincipalOrgID is { } org)
        {
            conditions.TryAdd("StringEquals", []);
            conditions["StringEquals"]["aws:PrincipalOrgID"] = org;
        }

        if (input.EventSourceToken is { } token)
        {
            conditions.TryAdd("StringEquals", []);
            conditions["StringEquals"]["lambda:EventSourceToken"] = token;
        }

        if (input.SourceArn is { } source)
        {
            conditions["ArnLike"] = new Dictionary<string, string> { ["AWS:SourceArn"] = source };
        }

        return conditions.Count > 0 ? conditions : null;
    }

    private static string RuntimeHash(string runtime) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runtime)));

    private static string EncodeMarker(string name) => Convert.ToBase64String(Encoding.UTF8.GetBytes(name));

    private static string DecodeMarker(string marker)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(marker));
        }
        catch (FormatException)
        {
            throw LambdaErrors.InvalidParameter("Invalid marker: " + marker);
        }
    }

    [GeneratedRegex("^arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$")]
    private static partial Regex RolePatternRegex();

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex StatementIdPattern();

    [GeneratedRegex("^(lambda:[*]|lambda:[a-zA-Z]+|[*])$")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("^[a-zA-Z]([a-zA-Z0-9_])+$")]
    private static partial Regex VariableNamePattern();

    [GeneratedRegex("^\\d{12}$")]
    private static partial Regex AccountPattern();
}
