using LocalCloud.Core.Hosting;

namespace LocalCloud.CloudFormation;

/// <summary>
/// CloudFormation over awsQuery (<c>Version=2010-05-15</c>, signing name <c>cloudformation</c>): the query shapes of
/// the operations served, transcribed from botocore's <c>cloudformation/2010-05-15/service-2.json</c>, over
/// <see cref="CloudFormationService"/>.
/// </summary>
internal sealed class CloudFormationQueryProtocol(CloudFormationService service) : IAwsQueryProtocol
{
    private static readonly QueryShape Str = QueryShape.String;
    private static readonly QueryShape Int = QueryShape.Integer;
    private static readonly QueryShape Bool = QueryShape.Boolean;
    private static readonly QueryShape Time = QueryShape.Timestamp;

    private static readonly QueryStructure ParameterShape = new(
        new("ParameterKey", Str),
        new("ParameterValue", Str),
        new("UsePreviousValue", Bool),
        new("ResolvedValue", Str));

    private static readonly QueryStructure RollbackTriggerShape = new(
        new("Arn", Str),
        new("Type", Str));

    private static readonly QueryStructure RollbackConfigurationShape = new(
        new("RollbackTriggers", new QueryList(RollbackTriggerShape)),
        new("MonitoringTimeInMinutes", Int));

    private static readonly QueryStructure TagShape = new(
        new("Key", Str),
        new("Value", Str));

    private static readonly QueryStructure DeploymentConfigShape = new(
        new("Mode", Str),
        new("DisableRollback", Bool));

    private static readonly QueryStructure CreateStackInputShape = new(
        new("StackName", Str),
        new("TemplateBody", Str),
        new("TemplateURL", Str),
        new("Parameters", new QueryList(ParameterShape)),
        new("DisableRollback", Bool),
        new("RollbackConfiguration", RollbackConfigurationShape),
        new("TimeoutInMinutes", Int),
        new("NotificationARNs", new QueryList(Str)),
        new("Capabilities", new QueryList(Str)),
        new("ResourceTypes", new QueryList(Str)),
        new("RoleARN", Str),
        new("OnFailure", Str),
        new("StackPolicyBody", Str),
        new("StackPolicyURL", Str),
        new("Tags", new QueryList(TagShape)),
        new("ClientRequestToken", Str),
        new("EnableTerminationProtection", Bool),
        new("RetainExceptOnCreate", Bool),
        new("DeploymentConfig", DeploymentConfigShape),
        new("DisableValidation", Bool));

    private static readonly QueryStructure CreateStackOutputShape = new(
        new("StackId", Str),
        new("OperationId", Str));

    private static readonly QueryStructure UpdateStackInputShape = new(
        new("StackName", Str),
        new("TemplateBody", Str),
        new("TemplateURL", Str),
        new("UsePreviousTemplate", Bool),
        new("StackPolicyDuringUpdateBody", Str),
        new("StackPolicyDuringUpdateURL", Str),
        new("Parameters", new QueryList(ParameterShape)),
        new("Capabilities", new QueryList(Str)),
        new("ResourceTypes", new QueryList(Str)),
        new("RoleARN", Str),
        new("RollbackConfiguration", RollbackConfigurationShape),
        new("StackPolicyBody", Str),
        new("StackPolicyURL", Str),
        new("NotificationARNs", new QueryList(Str)),
        new("Tags", new QueryList(TagShape)),
        new("DisableRollback", Bool),
        new("ClientRequestToken", Str),
        new("RetainExceptOnCreate", Bool),
        new("DeploymentConfig", DeploymentConfigShape),
        new("DisableValidation", Bool));

    private static readonly QueryStructure UpdateStackOutputShape = new(
        new("StackId", Str),
        new("OperationId", Str));

    private static readonly QueryStructure DeleteStackInputShape = new(
        new("StackName", Str),
        new("RetainResources", new QueryList(Str)),
        new("RoleARN", Str),
        new("ClientRequestToken", Str),
        new("DeletionMode", Str),
        new("DeploymentConfig", DeploymentConfigShape));

    private static readonly QueryStructure DescribeStacksInputShape = new(
        new("StackName", Str),
        new("NextToken", Str));

    private static readonly QueryStructure OutputShape = new(
        new("OutputKey", Str),
        new("OutputValue", Str),
        new("Description", Str),
        new("ExportName", Str));

    private static readonly QueryStructure StackDriftInformationShape = new(
        new("StackDriftStatus", Str),
        new("LastCheckTimestamp", Time));

    private static readonly QueryStructure OperationEntryShape = new(
        new("OperationType", Str),
        new("OperationId", Str));

    private static readonly QueryStructure StackShape = new(
        new("StackId", Str),
        new("StackName", Str),
        new("ChangeSetId", Str),
        new("Description", Str),
        new("Parameters", new QueryList(ParameterShape)),
        new("CreationTime", Time),
        new("DeletionTime", Time),
        new("LastUpdatedTime", Time),
        new("RollbackConfiguration", RollbackConfigurationShape),
        new("StackStatus", Str),
        new("StackStatusReason", Str),
        new("DisableRollback", Bool),
        new("DeploymentConfig", DeploymentConfigShape),
        new("NotificationARNs", new QueryList(Str)),
        new("TimeoutInMinutes", Int),
        new("Capabilities", new QueryList(Str)),
        new("Outputs", new QueryList(OutputShape)),
        new("RoleARN", Str),
        new("Tags", new QueryList(TagShape)),
        new("EnableTerminationProtection", Bool),
        new("ParentId", Str),
        new("RootId", Str),
        new("DriftInformation", StackDriftInformationShape),
        new("RetainExceptOnCreate", Bool),
        new("DeletionMode", Str),
        new("DetailedStatus", Str),
        new("LastOperations", new QueryList(OperationEntryShape)));

    private static readonly QueryStructure DescribeStacksOutputShape = new(
        new("Stacks", new QueryList(StackShape)),
        new("NextToken", Str));

    private static readonly QueryStructure ListStacksInputShape = new(
        new("NextToken", Str),
        new("StackStatusFilter", new QueryList(Str)));

    private static readonly QueryStructure StackDriftInformationSummaryShape = new(
        new("StackDriftStatus", Str),
        new("LastCheckTimestamp", Time));

    private static readonly QueryStructure StackSummaryShape = new(
        new("StackId", Str),
        new("StackName", Str),
        new("TemplateDescription", Str),
        new("CreationTime", Time),
        new("LastUpdatedTime", Time),
        new("DeletionTime", Time),
        new("StackStatus", Str),
        new("StackStatusReason", Str),
        new("ParentId", Str),
        new("RootId", Str),
        new("DriftInformation", StackDriftInformationSummaryShape),
        new("LastOperations", new QueryList(OperationEntryShape)));

    private static readonly QueryStructure ListStacksOutputShape = new(
        new("StackSummaries", new QueryList(StackSummaryShape)),
        new("NextToken", Str));

    private static readonly QueryStructure DescribeStackEventsInputShape = new(
        new("StackName", Str),
        new("NextToken", Str));

    private static readonly QueryStructure StackEventShape = new(
        new("StackId", Str),
        new("EventId", Str),
        new("StackName", Str),
        new("OperationId", Str),
        new("LogicalResourceId", Str),
        new("PhysicalResourceId", Str),
        new("ResourceType", Str),
        new("Timestamp", Time),
        new("ResourceStatus", Str),
        new("ResourceStatusReason", Str),
        new("ResourceProperties", Str),
        new("ClientRequestToken", Str),
        new("HookType", Str),
        new("HookStatus", Str),
        new("HookStatusReason", Str),
        new("HookInvocationPoint", Str),
        new("HookInvocationId", Str),
        new("HookFailureMode", Str),
        new("DetailedStatus", Str));

    private static readonly QueryStructure DescribeStackEventsOutputShape = new(
        new("StackEvents", new QueryList(StackEventShape)),
        new("NextToken", Str));

    private static readonly QueryStructure DescribeStackResourceInputShape = new(
        new("StackName", Str),
        new("LogicalResourceId", Str));

    private static readonly QueryStructure StackResourceDriftInformationShape = new(
        new("StackResourceDriftStatus", Str),
        new("LastCheckTimestamp", Time));

    private static readonly QueryStructure ModuleInfoShape = new(
        new("TypeHierarchy", Str),
        new("LogicalIdHierarchy", Str));

    private static readonly QueryStructure StackResourceDetailShape = new(
        new("StackName", Str),
        new("StackId", Str),
        new("LogicalResourceId", Str),
        new("PhysicalResourceId", Str),
        new("ResourceType", Str),
        new("LastUpdatedTimestamp", Time),
        new("ResourceStatus", Str),
        new("ResourceStatusReason", Str),
        new("Description", Str),
        new("Metadata", Str),
        new("DriftInformation", StackResourceDriftInformationShape),
        new("ModuleInfo", ModuleInfoShape));

    private static readonly QueryStructure DescribeStackResourceOutputShape = new(
        new QueryMember("StackResourceDetail", StackResourceDetailShape));

    private static readonly QueryStructure DescribeStackResourcesInputShape = new(
        new("StackName", Str),
        new("LogicalResourceId", Str),
        new("PhysicalResourceId", Str));

    private static readonly QueryStructure StackResourceShape = new(
        new("StackName", Str),
        new("StackId", Str),
        new("LogicalResourceId", Str),
        new("PhysicalResourceId", Str),
        new("ResourceType", Str),
        new("Timestamp", Time),
        new("ResourceStatus", Str),
        new("ResourceStatusReason", Str),
        new("Description", Str),
        new("DriftInformation", StackResourceDriftInformationShape),
        new("ModuleInfo", ModuleInfoShape));

    private static readonly QueryStructure DescribeStackResourcesOutputShape = new(
        new QueryMember("StackResources", new QueryList(StackResourceShape)));

    private static readonly QueryStructure ListStackResourcesInputShape = new(
        new("StackName", Str),
        new("NextToken", Str));

    private static readonly QueryStructure StackResourceDriftInformationSummaryShape = new(
        new("StackResourceDriftStatus", Str),
        new("LastCheckTimestamp", Time));

    private static readonly QueryStructure StackResourceSummaryShape = new(
        new("LogicalResourceId", Str),
        new("PhysicalResourceId", Str),
        new("ResourceType", Str),
        new("LastUpdatedTimestamp", Time),
        new("ResourceStatus", Str),
        new("ResourceStatusReason", Str),
        new("DriftInformation", StackResourceDriftInformationSummaryShape),
        new("ModuleInfo", ModuleInfoShape));

    private static readonly QueryStructure ListStackResourcesOutputShape = new(
        new("StackResourceSummaries", new QueryList(StackResourceSummaryShape)),
        new("NextToken", Str));

    private static readonly QueryStructure GetTemplateInputShape = new(
        new("StackName", Str),
        new("ChangeSetName", Str),
        new("TemplateStage", Str));

    private static readonly QueryStructure GetTemplateOutputShape = new(
        new("TemplateBody", Str),
        new("StagesAvailable", new QueryList(Str)));

    private static readonly QueryStructure TemplateSummaryConfigShape = new(
        new QueryMember("TreatUnrecognizedResourceTypesAsWarnings", Bool));

    private static readonly QueryStructure GetTemplateSummaryInputShape = new(
        new("TemplateBody", Str),
        new("TemplateURL", Str),
        new("StackName", Str),
        new("StackSetName", Str),
        new("CallAs", Str),
        new("TemplateSummaryConfig", TemplateSummaryConfigShape));

    private static readonly QueryStructure ParameterConstraintsShape = new(
        new QueryMember("AllowedValues", new QueryList(Str)));

    private static readonly QueryStructure ParameterDeclarationShape = new(
        new("ParameterKey", Str),
        new("DefaultValue", Str),
        new("ParameterType", Str),
        new("NoEcho", Bool),
        new("Description", Str),
        new("ParameterConstraints", ParameterConstraintsShape));

    private static readonly QueryStructure ResourceIdentifierSummaryShape = new(
        new("ResourceType", Str),
        new("LogicalResourceIds", new QueryList(Str)),
        new("ResourceIdentifiers", new QueryList(Str)));

    private static readonly QueryStructure WarningsShape = new(
        new QueryMember("UnrecognizedResourceTypes", new QueryList(Str)));

    private static readonly QueryStructure GetTemplateSummaryOutputShape = new(
        new("Parameters", new QueryList(ParameterDeclarationShape)),
        new("Description", Str),
        new("Capabilities", new QueryList(Str)),
        new("CapabilitiesReason", Str),
        new("ResourceTypes", new QueryList(Str)),
        new("Version", Str),
        new("Metadata", Str),
        new("DeclaredTransforms", new QueryList(Str)),
        new("ResourceIdentifierSummaries", new QueryList(ResourceIdentifierSummaryShape)),
        new("Warnings", WarningsShape));

    private static readonly QueryStructure ValidateTemplateInputShape = new(
        new("TemplateBody", Str),
        new("TemplateURL", Str));

    private static readonly QueryStructure TemplateParameterShape = new(
        new("ParameterKey", Str),
        new("DefaultValue", Str),
        new("NoEcho", Bool),
        new("Description", Str));

    private static readonly QueryStructure ValidateTemplateOutputShape = new(
        new("Parameters", new QueryList(TemplateParameterShape)),
        new("Description", Str),
        new("Capabilities", new QueryList(Str)),
        new("CapabilitiesReason", Str),
        new("DeclaredTransforms", new QueryList(Str)));

    private static readonly QueryStructure ResourceToImportShape = new(
        new("ResourceType", Str),
        new("LogicalResourceId", Str),
        new("ResourceIdentifier", new QueryMap(Str, Str, "key", "value")));

    private static readonly QueryStructure CreateChangeSetInputShape = new(
        new("StackName", Str),
        new("TemplateBody", Str),
        new("TemplateURL", Str),
        new("UsePreviousTemplate", Bool),
        new("Parameters", new QueryList(ParameterShape)),
        new("Capabilities", new QueryList(Str)),
        new("ResourceTypes", new QueryList(Str)),
        new("RoleARN", Str),
        new("RollbackConfiguration", RollbackConfigurationShape),
        new("NotificationARNs", new QueryList(Str)),
        new("Tags", new QueryList(TagShape)),
        new("ChangeSetName", Str),
        new("ClientToken", Str),
        new("Description", Str),
        new("ChangeSetType", Str),
        new("ResourcesToImport", new QueryList(ResourceToImportShape)),
        new("IncludeNestedStacks", Bool),
        new("OnStackFailure", Str),
        new("ImportExistingResources", Bool),
        new("DeploymentMode", Str),
        new("DeploymentConfig", DeploymentConfigShape),
        new("DisableValidation", Bool));

    private static readonly QueryStructure CreateChangeSetOutputShape = new(
        new("Id", Str),
        new("StackId", Str));

    private static readonly QueryStructure DescribeChangeSetInputShape = new(
        new("ChangeSetName", Str),
        new("StackName", Str),
        new("NextToken", Str),
        new("IncludePropertyValues", Bool));

    private static readonly QueryStructure ResourceDriftIgnoredAttributeShape = new(
        new("Path", Str),
        new("Reason", Str));

    private static readonly QueryStructure LiveResourceDriftShape = new(
        new("PreviousValue", Str),
        new("ActualValue", Str),
        new("DriftDetectionTimestamp", Time));

    private static readonly QueryStructure ResourceTargetDefinitionShape = new(
        new("Attribute", Str),
        new("Name", Str),
        new("RequiresRecreation", Str),
        new("Path", Str),
        new("BeforeValue", Str),
        new("AfterValue", Str),
        new("BeforeValueFrom", Str),
        new("AfterValueFrom", Str),
        new("Drift", LiveResourceDriftShape),
        new("AttributeChangeType", Str));

    private static readonly QueryStructure ResourceChangeDetailShape = new(
        new("Target", ResourceTargetDefinitionShape),
        new("Evaluation", Str),
        new("ChangeSource", Str),
        new("CausingEntity", Str));

    private static readonly QueryStructure ResourceChangeShape = new(
        new("PolicyAction", Str),
        new("Action", Str),
        new("LogicalResourceId", Str),
        new("PhysicalResourceId", Str),
        new("ResourceType", Str),
        new("Replacement", Str),
        new("Scope", new QueryList(Str)),
        new("ResourceDriftStatus", Str),
        new("ResourceDriftIgnoredAttributes", new QueryList(ResourceDriftIgnoredAttributeShape)),
        new("Details", new QueryList(ResourceChangeDetailShape)),
        new("ChangeSetId", Str),
        new("ModuleInfo", ModuleInfoShape),
        new("BeforeContext", Str),
        new("AfterContext", Str),
        new("PreviousDeploymentContext", Str));

    private static readonly QueryStructure ChangeShape = new(
        new("Type", Str),
        new("HookInvocationCount", Int),
        new("ResourceChange", ResourceChangeShape));

    private static readonly QueryStructure DescribeChangeSetOutputShape = new(
        new("ChangeSetName", Str),
        new("ChangeSetId", Str),
        new("StackId", Str),
        new("StackName", Str),
        new("Description", Str),
        new("Parameters", new QueryList(ParameterShape)),
        new("CreationTime", Time),
        new("ExecutionStatus", Str),
        new("Status", Str),
        new("StatusReason", Str),
        new("StackDriftStatus", Str),
        new("NotificationARNs", new QueryList(Str)),
        new("RollbackConfiguration", RollbackConfigurationShape),
        new("Capabilities", new QueryList(Str)),
        new("Tags", new QueryList(TagShape)),
        new("Changes", new QueryList(ChangeShape)),
        new("NextToken", Str),
        new("IncludeNestedStacks", Bool),
        new("ParentChangeSetId", Str),
        new("RootChangeSetId", Str),
        new("OnStackFailure", Str),
        new("ImportExistingResources", Bool),
        new("DeploymentMode", Str),
        new("DeploymentConfig", DeploymentConfigShape));

    private static readonly QueryStructure ExecuteChangeSetInputShape = new(
        new("ChangeSetName", Str),
        new("StackName", Str),
        new("ClientRequestToken", Str),
        new("DisableRollback", Bool),
        new("RetainExceptOnCreate", Bool));

    private static readonly QueryStructure ExecuteChangeSetOutputShape = new QueryStructure();

    private static readonly QueryStructure DeleteChangeSetInputShape = new(
        new("ChangeSetName", Str),
        new("StackName", Str));

    private static readonly QueryStructure DeleteChangeSetOutputShape = new QueryStructure();

    private static readonly QueryStructure ListChangeSetsInputShape = new(
        new("StackName", Str),
        new("NextToken", Str));

    private static readonly QueryStructure ChangeSetSummaryShape = new(
        new("StackId", Str),
        new("StackName", Str),
        new("ChangeSetId", Str),
        new("ChangeSetName", Str),
        new("ExecutionStatus", Str),
        new("Status", Str),
        new("StatusReason", Str),
        new("CreationTime", Time),
        new("Description", Str),
        new("IncludeNestedStacks", Bool),
        new("ParentChangeSetId", Str),
        new("RootChangeSetId", Str),
        new("ImportExistingResources", Bool));

    private static readonly QueryStructure ListChangeSetsOutputShape = new(
        new("Summaries", new QueryList(ChangeSetSummaryShape)),
        new("NextToken", Str));

    private static readonly QueryStructure ListExportsInputShape = new(
        new QueryMember("NextToken", Str));

    private static readonly QueryStructure ExportShape = new(
        new("ExportingStackId", Str),
        new("Name", Str),
        new("Value", Str));

    private static readonly QueryStructure ListExportsOutputShape = new(
        new("Exports", new QueryList(ExportShape)),
        new("NextToken", Str));

    private static readonly QueryStructure ListImportsInputShape = new(
        new("ExportName", Str),
        new("NextToken", Str));

    private static readonly QueryStructure ListImportsOutputShape = new(
        new("Imports", new QueryList(Str)),
        new("NextToken", Str));

    private static readonly QueryStructure CancelUpdateStackInputShape = new(
        new("StackName", Str),
        new("ClientRequestToken", Str));

    private static readonly QueryStructure ContinueUpdateRollbackInputShape = new(
        new("StackName", Str),
        new("RoleARN", Str),
        new("ResourcesToSkip", new QueryList(Str)),
        new("ClientRequestToken", Str));

    private static readonly QueryStructure ContinueUpdateRollbackOutputShape = new QueryStructure();

    private static readonly QueryStructure UpdateTerminationProtectionInputShape = new(
        new("EnableTerminationProtection", Bool),
        new("StackName", Str));

    private static readonly QueryStructure UpdateTerminationProtectionOutputShape = new(
        new QueryMember("StackId", Str));

    public string SigningName => "cloudformation";

    public string Version => "2010-05-15";

    public string XmlNamespace => "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    public IAwsJsonService Service => service;

    public IReadOnlyCollection<QueryOperation> Operations { get; } =
    [
        new("CreateStack", CreateStackInputShape, CreateStackOutputShape),
        new("UpdateStack", UpdateStackInputShape, UpdateStackOutputShape),
        new("DeleteStack", DeleteStackInputShape),
        new("DescribeStacks", DescribeStacksInputShape, DescribeStacksOutputShape),
        new("ListStacks", ListStacksInputShape, ListStacksOutputShape),
        new("DescribeStackEvents", DescribeStackEventsInputShape, DescribeStackEventsOutputShape),
        new("DescribeStackResource", DescribeStackResourceInputShape, DescribeStackResourceOutputShape),
        new("DescribeStackResources", DescribeStackResourcesInputShape, DescribeStackResourcesOutputShape),
        new("ListStackResources", ListStackResourcesInputShape, ListStackResourcesOutputShape),
        new("GetTemplate", GetTemplateInputShape, GetTemplateOutputShape),
        new("GetTemplateSummary", GetTemplateSummaryInputShape, GetTemplateSummaryOutputShape),
        new("ValidateTemplate", ValidateTemplateInputShape, ValidateTemplateOutputShape),
        new("CreateChangeSet", CreateChangeSetInputShape, CreateChangeSetOutputShape),
        new("DescribeChangeSet", DescribeChangeSetInputShape, DescribeChangeSetOutputShape),
        new("ExecuteChangeSet", ExecuteChangeSetInputShape, ExecuteChangeSetOutputShape),
        new("DeleteChangeSet", DeleteChangeSetInputShape, DeleteChangeSetOutputShape),
        new("ListChangeSets", ListChangeSetsInputShape, ListChangeSetsOutputShape),
        new("ListExports", ListExportsInputShape, ListExportsOutputShape),
        new("ListImports", ListImportsInputShape, ListImportsOutputShape),
        new("CancelUpdateStack", CancelUpdateStackInputShape),
        new("ContinueUpdateRollback", ContinueUpdateRollbackInputShape, ContinueUpdateRollbackOutputShape),
        new("UpdateTerminationProtection", UpdateTerminationProtectionInputShape, UpdateTerminationProtectionOutputShape),
    ];
}
