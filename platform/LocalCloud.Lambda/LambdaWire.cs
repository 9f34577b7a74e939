using System.Text.Json.Serialization;

namespace LocalCloud.Lambda.Wire;

// Wire shapes of Lambda (botocore `lambda` 2015-03-31) for functions, code, permissions and concurrency.
// LastModified is Lambda's own string format (2024-01-31T12:00:00.000+0000), not a restJson1 timestamp.

internal sealed class CreateFunctionInput
{
    public string? FunctionName { get; set; }

    public string? Runtime { get; set; }

    public string? Role { get; set; }

    public string? Handler { get; set; }

    public FunctionCodeInput? Code { get; set; }

    public string? Description { get; set; }

    public int? Timeout { get; set; }

    public int? MemorySize { get; set; }

    public bool? Publish { get; set; }

    public string? PackageType { get; set; }

    public EnvironmentDto? Environment { get; set; }

    public DeadLetterConfigDto? DeadLetterConfig { get; set; }

    public TracingConfigDto? TracingConfig { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public List<string>? Architectures { get; set; }

    public EphemeralStorageDto? EphemeralStorage { get; set; }

    public LoggingConfigDto? LoggingConfig { get; set; }

    public List<string>? Layers { get; set; }

    public VpcConfigInput? VpcConfig { get; set; }

    public string? KMSKeyArn { get; set; }
}

internal sealed class FunctionCodeInput
{
    public byte[]? ZipFile { get; set; }

    public string? S3Bucket { get; set; }

    public string? S3Key { get; set; }

    public string? S3ObjectVersion { get; set; }

    public string? ImageUri { get; set; }
}

internal sealed class UpdateFunctionCodeInput
{
    public byte[]? ZipFile { get; set; }

    public string? S3Bucket { get; set; }

    public string? S3Key { get; set; }

    public string? S3ObjectVersion { get; set; }

    public string? ImageUri { get; set; }

    public bool? Publish { get; set; }

    public bool? DryRun { get; set; }

    public string? RevisionId { get; set; }

    public List<string>? Architectures { get; set; }
}

internal sealed class UpdateFunctionConfigurationInput
{
    public string? Role { get; set; }

    public string? Handler { get; set; }

    public string? Description { get; set; }

    public int? Timeout { get; set; }

    public int? MemorySize { get; set; }

    public EnvironmentDto? Environment { get; set; }

    public string? Runtime { get; set; }

    public DeadLetterConfigDto? DeadLetterConfig { get; set; }

    public TracingConfigDto? TracingConfig { get; set; }

    public string? RevisionId { get; set; }

    public List<string>? Layers { get; set; }

    public EphemeralStorageDto? EphemeralStorage { get; set; }

    public LoggingConfigDto? LoggingConfig { get; set; }

    public VpcConfigInput? VpcConfig { get; set; }

    public string? KMSKeyArn { get; set; }
}

internal sealed class EnvironmentDto
{
    public Dictionary<string, string>? Variables { get; set; }
}

internal sealed class EnvironmentResponseDto
{
    public Dictionary<string, string>? Variables { get; set; }
}

internal sealed class DeadLetterConfigDto
{
    public string? TargetArn { get; set; }
}

internal sealed class TracingConfigDto
{
    public string? Mode { get; set; }
}

internal sealed class EphemeralStorageDto
{
    public int? Size { get; set; }
}

internal sealed class LoggingConfigDto
{
    public string? LogFormat { get; set; }

    public string? ApplicationLogLevel { get; set; }

    public string? SystemLogLevel { get; set; }

    public string? LogGroup { get; set; }
}

internal sealed class VpcConfigInput
{
    public List<string>? SubnetIds { get; set; }

    public List<string>? SecurityGroupIds { get; set; }
}

internal sealed class VpcConfigResponseDto
{
    public List<string>? SubnetIds { get; set; }

    public List<string>? SecurityGroupIds { get; set; }

    public string? VpcId { get; set; }
}

internal sealed class LayerDto
{
    public string? Arn { get; set; }

    public long CodeSize { get; set; }
}

internal sealed class SnapStartResponseDto
{
    public string ApplyOn { get; set; } = "None";

    public string OptimizationStatus { get; set; } = "Off";
}

internal sealed class RuntimeVersionConfigDto
{
    public string? RuntimeVersionArn { get; set; }
}

/// <summary>The stored and returned configuration of a function (<c>FunctionConfiguration</c>).</summary>
internal sealed class FunctionConfigurationDto
{
    public string? FunctionName { get; set; }

    public string? FunctionArn { get; set; }

    public string? Runtime { get; set; }

    public string? Role { get; set; }

    public string? Handler { get; set; }

    public long CodeSize { get; set; }

    public string? Description { get; set; }

    public int Timeout { get; set; }

    public int MemorySize { get; set; }

    public string? LastModified { get; set; }

    public string? CodeSha256 { get; set; }

    public string? Version { get; set; }

    public VpcConfigResponseDto? VpcConfig { get; set; }

    public EnvironmentResponseDto? Environment { get; set; }

    public DeadLetterConfigDto? DeadLetterConfig { get; set; }

    public TracingConfigDto? TracingConfig { get; set; }

    public string? RevisionId { get; set; }

    public List<LayerDto>? Layers { get; set; }

    public string? State { get; set; }

    public string? StateReason { get; set; }

    public string? StateReasonCode { get; set; }

    public string? LastUpdateStatus { get; set; }

    public string? LastUpdateStatusReason { get; set; }

    public string? LastUpdateStatusReasonCode { get; set; }

    public string? PackageType { get; set; }

    public List<string>? Architectures { get; set; }

    public EphemeralStorageDto? EphemeralStorage { get; set; }

    public SnapStartResponseDto? SnapStart { get; set; }

    public RuntimeVersionConfigDto? RuntimeVersionConfig { get; set; }

    public LoggingConfigDto? LoggingConfig { get; set; }

    public string? KMSKeyArn { get; set; }
}

internal sealed class GetFunctionOutput
{
    public FunctionConfigurationDto? Configuration { get; set; }

    public FunctionCodeLocationDto? Code { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public ConcurrencyDto? Concurrency { get; set; }
}

internal sealed class FunctionCodeLocationDto
{
    public string RepositoryType { get; set; } = "S3";

    public string? Location { get; set; }
}

internal sealed class ConcurrencyDto
{
    public int? ReservedConcurrentExecutions { get; set; }
}

internal sealed class ListFunctionsOutput
{
    public List<FunctionConfigurationDto> Functions { get; set; } = [];

    public string? NextMarker { get; set; }
}

internal sealed class AddPermissionInput
{
    public string? StatementId { get; set; }

    public string? Action { get; set; }

    public string? Principal { get; set; }

    public string? SourceArn { get; set; }

    public string? SourceAccount { get; set; }

    public string? EventSourceToken { get; set; }

    public string? RevisionId { get; set; }

    public string? PrincipalOrgID { get; set; }

    public string? FunctionUrlAuthType { get; set; }
}

internal sealed class AddPermissionOutput
{
    public string? Statement { get; set; }
}

internal sealed class GetPolicyOutput
{
    public string? Policy { get; set; }

    public string? RevisionId { get; set; }
}

internal sealed class TagsInput
{
    public Dictionary<string, string>? Tags { get; set; }
}

internal sealed class TagsOutput
{
    public Dictionary<string, string> Tags { get; set; } = [];
}

internal sealed class InvokeAsyncOutput
{
    public int Status { get; set; } = 202;
}

internal sealed class AccountSettingsOutput
{
    public AccountLimitDto? AccountLimit { get; set; }

    public AccountUsageDto? AccountUsage { get; set; }
}

internal sealed class AccountLimitDto
{
    public long TotalCodeSize { get; set; }

    public long CodeSizeUnzipped { get; set; }

    public long CodeSizeZipped { get; set; }

    public int ConcurrentExecutions { get; set; }

    public int UnreservedConcurrentExecutions { get; set; }
}

internal sealed class AccountUsageDto
{
    public long TotalCodeSize { get; set; }

    public long FunctionCount { get; set; }
}

/// <summary>A resource-based policy document as Lambda returns it from <c>GetPolicy</c>.</summary>
internal sealed class PolicyDocument
{
    public string Version { get; set; } = "2012-10-17";

    public string Id { get; set; } = "default";

    public List<PolicyStatement> Statement { get; set; } = [];
}

internal sealed class PolicyStatement
{
    public string? Sid { get; set; }

    public string Effect { get; set; } = "Allow";

    public Dictionary<string, string>? Principal { get; set; }

    public string? Action { get; set; }

    public string? Resource { get; set; }

    public Dictionary<string, Dictionary<string, string>>? Condition { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateFunctionInput))]
[JsonSerializable(typeof(UpdateFunctionCodeInput))]
[JsonSerializable(typeof(UpdateFunctionConfigurationInput))]
[JsonSerializable(typeof(FunctionConfigurationDto))]
[JsonSerializable(typeof(GetFunctionOutput))]
[JsonSerializable(typeof(ListFunctionsOutput))]
[JsonSerializable(typeof(AddPermissionInput))]
[JsonSerializable(typeof(AddPermissionOutput))]
[JsonSerializable(typeof(GetPolicyOutput))]
[JsonSerializable(typeof(PolicyDocument))]
[JsonSerializable(typeof(PolicyStatement))]
[JsonSerializable(typeof(ConcurrencyDto))]
[JsonSerializable(typeof(TagsInput))]
[JsonSerializable(typeof(TagsOutput))]
[JsonSerializable(typeof(InvokeAsyncOutput))]
[JsonSerializable(typeof(AccountSettingsOutput))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;
