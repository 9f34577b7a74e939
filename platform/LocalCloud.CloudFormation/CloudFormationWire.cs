using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalCloud.CloudFormation.Wire;

// Wire shapes of CloudFormation (botocore `cloudformation` 2010-05-15), as the awsQuery layer hands them over in
// JSON: member names as in the model, timestamps as epoch seconds. Transcribed from the model by shape name.

internal sealed class Parameter
{
    public string? ParameterKey { get; set; }

    public string? ParameterValue { get; set; }

    public bool? UsePreviousValue { get; set; }

    public string? ResolvedValue { get; set; }
}

internal sealed class RollbackTrigger
{
    public string? Arn { get; set; }

    public string? Type { get; set; }
}

internal sealed class RollbackConfiguration
{
    public List<RollbackTrigger>? RollbackTriggers { get; set; }

    public int? MonitoringTimeInMinutes { get; set; }
}

internal sealed class Tag
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}

internal sealed class DeploymentConfig
{
    public string? Mode { get; set; }

    public bool? DisableRollback { get; set; }
}

internal sealed class CreateStackInput
{
    public string? StackName { get; set; }

    public string? TemplateBody { get; set; }

    public string? TemplateURL { get; set; }

    public List<Parameter>? Parameters { get; set; }

    public bool? DisableRollback { get; set; }

    public RollbackConfiguration? RollbackConfiguration { get; set; }

    public int? TimeoutInMinutes { get; set; }

    public List<string>? NotificationARNs { get; set; }

    public List<string>? Capabilities { get; set; }

    public List<string>? ResourceTypes { get; set; }

    public string? RoleARN { get; set; }

    public string? OnFailure { get; set; }

    public string? StackPolicyBody { get; set; }

    public string? StackPolicyURL { get; set; }

    public List<Tag>? Tags { get; set; }

    public string? ClientRequestToken { get; set; }

    public bool? EnableTerminationProtection { get; set; }

    public bool? RetainExceptOnCreate { get; set; }

    public DeploymentConfig? DeploymentConfig { get; set; }

    public bool? DisableValidation { get; set; }
}

internal sealed class CreateStackOutput
{
    public string? StackId { get; set; }

    public string? OperationId { get; set; }
}

internal sealed class UpdateStackInput
{
    public string? StackName { get; set; }

    public string? TemplateBody { get; set; }

    public string? TemplateURL { get; set; }

    public bool? UsePreviousTemplate { get; set; }

    public string? StackPolicyDuringUpdateBody { get; set; }

    public string? StackPolicyDuringUpdateURL { get; set; }

    public List<Parameter>? Parameters { get; set; }

    public List<string>? Capabilities { get; set; }

    public List<string>? ResourceTypes { get; set; }

    public string? RoleARN { get; set; }

    public RollbackConfiguration? RollbackConfiguration { get; set; }

    public string? StackPolicyBody { get; set; }

    public string? StackPolicyURL { get; set; }

    public List<string>? NotificationARNs { get; set; }

    public List<Tag>? Tags { get; set; }

    public bool? DisableRollback { get; set; }

    public string? ClientRequestToken { get; set; }

    public bool? RetainExceptOnCreate { get; set; }

    public DeploymentConfig? DeploymentConfig { get; set; }

    public bool? DisableValidation { get; set; }
}

internal sealed class UpdateStackOutput
{
    public string? StackId { get; set; }

    public string? OperationId { get; set; }
}

internal sealed class DeleteStackInput
{
    public string? StackName { get; set; }

    public List<string>? RetainResources { get; set; }

    public string? RoleARN { get; set; }

    public string? ClientRequestToken { get; set; }

    public string? DeletionMode { get; set; }

    public DeploymentConfig? DeploymentConfig { get; set; }
}

internal sealed class DescribeStacksInput
{
    public string? StackName { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class Output
{
    public string? OutputKey { get; set; }

    public string? OutputValue { get; set; }

    public string? Description { get; set; }

    public string? ExportName { get; set; }
}

internal sealed class StackDriftInformation
{
    public string? StackDriftStatus { get; set; }

    public DateTimeOffset? LastCheckTimestamp { get; set; }
}

internal sealed class OperationEntry
{
    public string? OperationType { get; set; }

    public string? OperationId { get; set; }
}

internal sealed class Stack
{
    public string? StackId { get; set; }

    public string? StackName { get; set; }

    public string? ChangeSetId { get; set; }

    public string? Description { get; set; }

    public List<Parameter>? Parameters { get; set; }

    public DateTimeOffset? CreationTime { get; set; }

    public DateTimeOffset? DeletionTime { get; set; }

    public DateTimeOffset? LastUpdatedTime { get; set; }

    public RollbackConfiguration? RollbackConfiguration { get; set; }

    public string? StackStatus { get; set; }

    public string? StackStatusReason { get; set; }

    public bool? DisableRollback { get; set; }

    public DeploymentConfig? DeploymentConfig { get; set; }

    public List<string>? NotificationARNs { get; set; }

    public int? TimeoutInMinutes { get; set; }

    public List<string>? Capabilities { get; set; }

    public List<Output>? Outputs { get; set; }

    public string? RoleARN { get; set; }

    public List<Tag>? Tags { get; set; }

    public bool? EnableTerminationProtection { get; set; }

    public string? ParentId { get; set; }

    public string? RootId { get; set; }

    public StackDriftInformation? DriftInformation { get; set; }

    public bool? RetainExceptOnCreate { get; set; }

    public string? DeletionMode { get; set; }

    public string? DetailedStatus { get; set; }

    public List<OperationEntry>? LastOperations { get; set; }
}

internal sealed class DescribeStacksOutput
{
    public List<Stack>? Stacks { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class ListStacksInput
{
    public string? NextToken { get; set; }

    public List<string>? StackStatusFilter { get; set; }
}

internal sealed class StackDriftInformationSummary
{
    public string? StackDriftStatus { get; set; }

    public DateTimeOffset? LastCheckTimestamp { get; set; }
}

internal sealed class StackSummary
{
    public string? StackId { get; set; }

    public string? StackName { get; set; }

    public string? TemplateDescription { get; set; }

    public DateTimeOffset? CreationTime { get; set; }

    public DateTimeOffset? LastUpdatedTime { get; set; }

    public DateTimeOffset? DeletionTime { get; set; }

    public string? StackStatus { get; set; }

    public string? StackStatusReason { get; set; }

    public string? ParentId { get; set; }

    public string? RootId { get; set; }

    public StackDriftInformationSummary? DriftInformation { get; set; }

    public List<OperationEntry>? LastOperations { get; set; }
}

internal sealed class ListStacksOutput
{
    public List<StackSummary>? StackSummaries { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class DescribeStackEventsInput
{
    public string? StackName { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class StackEvent
{
    public string? StackId { get; set; }

    public string? EventId { get; set; }

    public string? StackName { get; set; }

    public string? OperationId { get; set; }

    public string? LogicalResourceId { get; set; }

    public string? PhysicalResourceId { get; set; }

    public string? ResourceType { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public string? ResourceStatus { get; set; }

    public string? ResourceStatusReason { get; set; }

    public string? ResourceProperties { get; set; }

    public string? ClientRequestToken { get; set; }

    public string? HookType { get; set; }

    public string? HookStatus { get; set; }

    public string? HookStatusReason { get; set; }

    public string? HookInvocationPoint { get; set; }

    public string? HookInvocationId { get; set; }

    public string? HookFailureMode { get; set; }

    public string? DetailedStatus { get; set; }
}

internal sealed class DescribeStackEventsOutput
{
    public List<StackEvent>? StackEvents { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class DescribeStackResourceInput
{
    public string? StackName { get; set; }

    public string? LogicalResourceId { get; set; }
}

internal sealed class StackResourceDriftInformation
{
    public string? StackResourceDriftStatus { get; set; }

    public DateTimeOffset? LastCheckTimestamp { get; set; }
}

internal sealed class ModuleInfo
{
    public string? TypeHierarchy { get; set; }

    public string? LogicalIdHierarchy { get; set; }
}

internal sealed class StackResourceDetail
{
    public string? StackName { get; set; }

    public string? StackId { get; set; }

    public string? LogicalResourceId { get; set; }

    public string? PhysicalResourceId { get; set; }

    public string? ResourceType { get; set; }

    public DateTimeOffset? LastUpdatedTimestamp { get; set; }

    public string? ResourceStatus { get; set; }

    public string? ResourceStatusReason { get; set; }

    public string? Description { get; set; }

    public string? Metadata { get; set; }

    public StackResourceDriftInformation? DriftInformation { get; set; }

    public ModuleInfo? ModuleInfo { get; set; }
}

internal sealed class DescribeStackResourceOutput
{
    public StackResourceDetail? StackResourceDetail { get; set; }
}

internal sealed class DescribeStackResourcesInput
{
    public string? StackName { get; set; }

    public string? LogicalResourceId { get; set; }

    public string? PhysicalResourceId { get; set; }
}

internal sealed class StackResource
{
    public string? StackName { get; set; }

    public string? StackId { get; set; }

    public string? LogicalResourceId { get; set; }

    public string? PhysicalResourceId { get; set; }

    public string? ResourceType { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public string? ResourceStatus { get; set; }

    public string? ResourceStatusReason { get; set; }

    public string? Description { get; set; }

    public StackResourceDriftInformation? DriftInformation { get; set; }

    public ModuleInfo? ModuleInfo { get; set; }
}

internal sealed class DescribeStackResourcesOutput
{
    public List<StackResource>? StackResources { get; set; }
}

internal sealed class ListStackResourcesInput
{
    public string? StackName { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class StackResourceDriftInformationSummary
{
    public string? StackResourceDriftStatus { get; set; }

    public DateTimeOffset? LastCheckTimestamp { get; set; }
}

internal sealed class StackResourceSummary
{
    public string? LogicalResourceId { get; set; }

    public string? PhysicalResourceId { get; set; }

    public string? ResourceType { get; set; }

    public DateTimeOffset? LastUpdatedTimestamp { get; set; }

    public string? ResourceStatus { get; set; }

    public string? ResourceStatusReason { get; set; }

    public StackResourceDriftInformationSummary? DriftInformation { get; set; }

    public ModuleInfo? ModuleInfo { get; set; }
}

internal sealed class ListStackResourcesOutput
{
    public List<StackResourceSummary>? StackResourceSummaries { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class GetTemplateInput
{
    public string? StackName { get; set; }

    public string? ChangeSetName { get; set; }

    public string? TemplateStage { get; set; }
}

internal sealed class GetTemplateOutput
{
    public string? TemplateBody { get; set; }

    public List<string>? StagesAvailable { get; set; }
}

internal sealed class TemplateSummaryConfig
{
    public bool? TreatUnrecognizedResourceTypesAsWarnings { get; set; }
}

internal sealed class GetTemplateSummaryInput
{
    public string? TemplateBody { get; set; }

    public string? TemplateURL { get; set; }

    public string? StackName { get; set; }

    public string? StackSetName { get; set; }

    public string? CallAs { get; set; }

    public TemplateSummaryConfig? TemplateSummaryConfig { get; set; }
}

internal sealed class ParameterConstraints
{
    public List<string>? AllowedValues { get; set; }
}

internal sealed class ParameterDeclaration
{
    public string? ParameterKey { get; set; }

    public string? DefaultValue { get; set; }

    public string? ParameterType { get; set; }

    public bool? NoEcho { get; set; }

    public string? Description { get; set; }

    public ParameterConstraints? ParameterConstraints { get; set; }
}

internal sealed class ResourceIdentifierSummary
{
    public string? ResourceType { get; set; }

    public List<string>? LogicalResourceIds { get; set; }

    public List<string>? ResourceIdentifiers { get; set; }
}

internal sealed class Warnings
{
    public List<string>? UnrecognizedResourceTypes { get; set; }
}

internal sealed class GetTemplateSummaryOutput
{
    public List<ParameterDeclaration>? Parameters { get; set; }

    public string? Description { get; set; }

    public List<string>? Capabilities { get; set; }

    public string? CapabilitiesReason { get; set; }

    public List<string>? ResourceTypes { get; set; }

    public string? Version { get; set; }

    public string? Metadata { get; set; }

    public List<string>? DeclaredTransforms { get; set; }

    public List<ResourceIdentifierSummary>? ResourceIdentifierSummaries { get; set; }

    public Warnings? Warnings { get; set; }
}

internal sealed class ValidateTemplateInput
{
    public string? TemplateBody { get; set; }

    public string? TemplateURL { get; set; }
}

internal sealed class TemplateParameter
{
    public string? ParameterKey { get; set; }

    public string? DefaultValue { get; set; }

    public bool? NoEcho { get; set; }

    public string? Description { get; set; }
}

internal sealed class ValidateTemplateOutput
{
    public List<TemplateParameter>? Parameters { get; set; }

    public string? Description { get; set; }

    public List<string>? Capabilities { get; set; }

    public string? CapabilitiesReason { get; set; }

    public List<string>? DeclaredTransforms { get; set; }
}

internal sealed class ResourceToImport
{
    public string? ResourceType { get; set; }

    public string? LogicalResourceId { get; set; }

    public Dictionary<string, string>? ResourceIdentifier { get; set; }
}

internal sealed class CreateChangeSetInput
{
    public string? StackName { get; set; }

    public string? TemplateBody { get; set; }

    public string? TemplateURL { get; set; }

    public bool? UsePreviousTemplate { get; set; }

    public List<Parameter>? Parameters { get; set; }

    public List<string>? Capabilities { get; set; }

    public List<string>? ResourceTypes { get; set; }

    public string? RoleARN { get; set; }

    public RollbackConfiguration? RollbackConfiguration { get; set; }

    public List<string>? NotificationARNs { get; set; }

    public List<Tag>? Tags { get; set; }

    public string? ChangeSetName { get; set; }

    public string? ClientToken { get; set; }

    public string? Description { get; set; }

    public string? ChangeSetType { get; set; }

    public List<ResourceToImport>? ResourcesToImport { get; set; }

    public bool? IncludeNestedStacks { get; set; }

    public string? OnStackFailure { get; set; }

    public bool? ImportExistingResources { get; set; }

    public string? DeploymentMode { get; set; }

    public DeploymentConfig? DeploymentConfig { get; set; }

    public bool? DisableValidation { get; set; }
}

internal sealed class CreateChangeSetOutput
{
    public string? Id { get; set; }

    public string? StackId { get; set; }
}

internal sealed class DescribeChangeSetInput
{
    public string? ChangeSetName { get; set; }

    public string? StackName { get; set; }

    public string? NextToken { get; set; }

    public bool? IncludePropertyValues { get; set; }
}

internal sealed class ResourceDriftIgnoredAttribute
{
    public string? Path { get; set; }

    public string? Reason { get; set; }
}

internal sealed class LiveResourceDrift
{
    public string? PreviousValue { get; set; }

    public string? ActualValue { get; set; }

    public DateTimeOffset? DriftDetectionTimestamp { get; set; }
}

internal sealed class ResourceTargetDefinition
{
    public string? Attribute { get; set; }

    public string? Name { get; set; }

    public string? RequiresRecreation { get; set; }

    public string? Path { get; set; }

    public string? BeforeValue { get; set; }

    public string? AfterValue { get; set; }

    public string? BeforeValueFrom { get; set; }

    public string? AfterValueFrom { get; set; }

    public LiveResourceDrift? Drift { get; set; }

    public string? AttributeChangeType { get; set; }
}

internal sealed class ResourceChangeDetail
{
    public ResourceTargetDefinition? Target { get; set; }

    public string? Evaluation { get; set; }

    public string? ChangeSource { get; set; }

    public string? CausingEntity { get; set; }
}

internal sealed class ResourceChange
{
    public string? PolicyAction { get; set; }

    public string? Action { get; set; }

    public string? LogicalResourceId { get; set; }

    public string? PhysicalResourceId { get; set; }

    public string? ResourceType { get; set; }

    public string? Replacement { get; set; }

    public List<string>? Scope { get; set; }

    public string? ResourceDriftStatus { get; set; }

    public List<ResourceDriftIgnoredAttribute>? ResourceDriftIgnoredAttributes { get; set; }

    public List<ResourceChangeDetail>? Details { get; set; }

    public string? ChangeSetId { get; set; }

    public ModuleInfo? ModuleInfo { get; set; }

    public string? BeforeContext { get; set; }

    public string? AfterContext { get; set; }

    public string? PreviousDeploymentContext { get; set; }
}

internal sealed class Change
{
    public string? Type { get; set; }

    public int? HookInvocationCount { get; set; }

    public ResourceChange? ResourceChange { get; set; }
}

internal sealed class DescribeChangeSetOutput
{
    public string? ChangeSetName { get; set; }

    public string? ChangeSetId { get; set; }

    public string? StackId { get; set; }

    public string? StackName { get; set; }

    public string? Description { get; set; }

    public List<Parameter>? Parameters { get; set; }

    public DateTimeOffset? CreationTime { get; set; }

    public string? ExecutionStatus { get; set; }

    public string? Status { get; set; }

    public string? StatusReason { get; set; }

    public string? StackDriftStatus { get; set; }

    public List<string>? NotificationARNs { get; set; }

    public RollbackConfiguration? RollbackConfiguration { get; set; }

    public List<string>? Capabilities { get; set; }

    public List<Tag>? Tags { get; set; }

    public List<Change>? Changes { get; set; }

    public string? NextToken { get; set; }

    public bool? IncludeNestedStacks { get; set; }

    public string? ParentChangeSetId { get; set; }

    public string? RootChangeSetId { get; set; }

    public string? OnStackFailure { get; set; }

    public bool? ImportExistingResources { get; set; }

    public string? DeploymentMode { get; set; }

    public DeploymentConfig? DeploymentConfig { get; set; }
}

internal sealed class ExecuteChangeSetInput
{
    public string? ChangeSetName { get; set; }

    public string? StackName { get; set; }

    public string? ClientRequestToken { get; set; }

    public bool? DisableRollback { get; set; }

    public bool? RetainExceptOnCreate { get; set; }
}

internal sealed class ExecuteChangeSetOutput
{

}

internal sealed class DeleteChangeSetInput
{
    public string? ChangeSetName { get; set; }

    public string? StackName { get; set; }
}

internal sealed class DeleteChangeSetOutput
{

}

internal sealed class ListChangeSetsInput
{
    public string? StackName { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class ChangeSetSummary
{
    public string? StackId { get; set; }

    public string? StackName { get; set; }

    public string? ChangeSetId { get; set; }

    public string? ChangeSetName { get; set; }

    public string? ExecutionStatus { get; set; }

    public string? Status { get; set; }

    public string? StatusReason { get; set; }

    public DateTimeOffset? CreationTime { get; set; }

    public string? Description { get; set; }

    public bool? IncludeNestedStacks { get; set; }

    public string? ParentChangeSetId { get; set; }

    public string? RootChangeSetId { get; set; }

    public bool? ImportExistingResources { get; set; }
}

internal sealed class ListChangeSetsOutput
{
    public List<ChangeSetSummary>? Summaries { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class ListExportsInput
{
    public string? NextToken { get; set; }
}

internal sealed class Export
{
    public string? ExportingStackId { get; set; }

    public string? Name { get; set; }

    public string? Value { get; set; }
}

internal sealed class ListExportsOutput
{
    public List<Export>? Exports { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class ListImportsInput
{
    public string? ExportName { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class ListImportsOutput
{
    public List<string>? Imports { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class CancelUpdateStackInput
{
    public string? StackName { get; set; }

    public string? ClientRequestToken { get; set; }
}

internal sealed class ContinueUpdateRollbackInput
{
    public string? StackName { get; set; }

    public string? RoleARN { get; set; }

    public List<string>? ResourcesToSkip { get; set; }

    public string? ClientRequestToken { get; set; }
}

internal sealed class ContinueUpdateRollbackOutput
{

}

internal sealed class UpdateTerminationProtectionInput
{
    public bool? EnableTerminationProtection { get; set; }

    public string? StackName { get; set; }
}

internal sealed class UpdateTerminationProtectionOutput
{
    public string? StackId { get; set; }
}

/// <summary>Timestamps as the awsQuery layer carries them in JSON: epoch seconds.</summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000))
            : DateTimeOffset.Parse(reader.GetString() ?? string.Empty, CultureInfo.InvariantCulture);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000.0);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateStackInput))]
[JsonSerializable(typeof(CreateStackOutput))]
[JsonSerializable(typeof(UpdateStackInput))]
[JsonSerializable(typeof(UpdateStackOutput))]
[JsonSerializable(typeof(DeleteStackInput))]
[JsonSerializable(typeof(DescribeStacksInput))]
[JsonSerializable(typeof(DescribeStacksOutput))]
[JsonSerializable(typeof(ListStacksInput))]
[JsonSerializable(typeof(ListStacksOutput))]
[JsonSerializable(typeof(DescribeStackEventsInput))]
[JsonSerializable(typeof(DescribeStackEventsOutput))]
[JsonSerializable(typeof(DescribeStackResourceInput))]
[JsonSerializable(typeof(DescribeStackResourceOutput))]
[JsonSerializable(typeof(DescribeStackResourcesInput))]
[JsonSerializable(typeof(DescribeStackResourcesOutput))]
[JsonSerializable(typeof(ListStackResourcesInput))]
[JsonSerializable(typeof(ListStackResourcesOutput))]
[JsonSerializable(typeof(GetTemplateInput))]
[JsonSerializable(typeof(GetTemplateOutput))]
[JsonSerializable(typeof(GetTemplateSummaryInput))]
[JsonSerializable(typeof(GetTemplateSummaryOutput))]
[JsonSerializable(typeof(ValidateTemplateInput))]
[JsonSerializable(typeof(ValidateTemplateOutput))]
[JsonSerializable(typeof(CreateChangeSetInput))]
[JsonSerializable(typeof(CreateChangeSetOutput))]
[JsonSerializable(typeof(DescribeChangeSetInput))]
[JsonSerializable(typeof(DescribeChangeSetOutput))]
[JsonSerializable(typeof(ExecuteChangeSetInput))]
[JsonSerializable(typeof(ExecuteChangeSetOutput))]
[JsonSerializable(typeof(DeleteChangeSetInput))]
[JsonSerializable(typeof(DeleteChangeSetOutput))]
[JsonSerializable(typeof(ListChangeSetsInput))]
[JsonSerializable(typeof(ListChangeSetsOutput))]
[JsonSerializable(typeof(ListExportsInput))]
[JsonSerializable(typeof(ListExportsOutput))]
[JsonSerializable(typeof(ListImportsInput))]
[JsonSerializable(typeof(ListImportsOutput))]
[JsonSerializable(typeof(CancelUpdateStackInput))]
[JsonSerializable(typeof(ContinueUpdateRollbackInput))]
[JsonSerializable(typeof(ContinueUpdateRollbackOutput))]
[JsonSerializable(typeof(UpdateTerminationProtectionInput))]
[JsonSerializable(typeof(UpdateTerminationProtectionOutput))]
internal sealed partial class CloudFormationJsonContext : JsonSerializerContext;
