using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LocalCloud.CloudFormation.Engine;
using LocalCloud.CloudFormation.Model;
using LocalCloud.CloudFormation.Wire;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using WireParameterDeclaration = LocalCloud.CloudFormation.Wire.ParameterDeclaration;

namespace LocalCloud.CloudFormation;

/// <summary>
/// The CloudFormation API (botocore <c>cloudformation</c> 2010-05-15; served over awsQuery by
/// <see cref="CloudFormationQueryProtocol"/>): stacks, change sets, templates, exports and imports. Operations
/// that deploy store the stack's new status and return; <see cref="StackWorkers"/> runs the deployment.
/// </summary>
internal sealed class CloudFormationService : AwsJsonService, IStatusContributor
{
    private const int PageSize = 100;

    private readonly CloudFormationStore _store;
    private readonly StackDeployer _deployer;
    private readonly StackWorkers _workers;
    private readonly CloudFormationOptions _options;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;

    public CloudFormationService(CloudFormationStore store, StackDeployer deployer, StackWorkers workers, CloudFormationOptions options, TimeProvider time, IServiceProvider services)
    {
        _store = store;
        _deployer = deployer;
        _workers = workers;
        _options = options;
        _time = time;
        _services = services;
    }

    public override string Name => "cloudformation";

    public override string SigningName => "cloudformation";

    public override AwsProtocol Protocol => AwsProtocol.AwsJson10;

    public override string TargetPrefix => "CloudFormation";

    private static CloudFormationJsonContext Json => CloudFormationJsonContext.Default;

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken)
    {
        var stacks = new JsonObject();
        foreach (var (status, count) in _store.CountByStatus())
        {
            stacks[status] = count;
        }

        return ValueTask.FromResult<JsonNode?>(new JsonObject { ["stacks"] = stacks });
    }

    protected override IEnumerable<AwsJsonOperation> DefineOperations() =>
    [
        AwsJsonOperation.Of("CreateStack", Json.CreateStackInput, CreateStackAsync),
        AwsJsonOperation.Of("UpdateStack", Json.UpdateStackInput, UpdateStackAsync),
        AwsJsonOperation.Of("DeleteStack", Json.DeleteStackInput, DeleteStackAsync),
        AwsJsonOperation.Of("DescribeStacks", Json.DescribeStacksInput, DescribeStacksAsync),
        AwsJsonOperation.Of("ListStacks", Json.ListStacksInput, ListStacks),
        AwsJsonOperation.Of("DescribeStackEvents", Json.DescribeStackEventsInput, DescribeStackEvents),
        AwsJsonOperation.Of("DescribeStackResource", Json.DescribeStackResourceInput, DescribeStackResource),
        AwsJsonOperation.Of("DescribeStackResources", Json.DescribeStackResourcesInput, DescribeStackResources),
        AwsJsonOperation.Of("ListStackResources", Json.ListStackResourcesInput, ListStackResources),
        AwsJsonOperation.Of("GetTemplate", Json.GetTemplateInput, GetTemplate),
        AwsJsonOperation.Of("GetTemplateSummary", Json.GetTemplateSummaryInput, GetTemplateSummaryAsync),
        AwsJsonOperation.Of("ValidateTemplate", Json.ValidateTemplateInput, ValidateTemplateAsync),
        AwsJsonOperation.Of("CreateChangeSet", Json.CreateChangeSetInput, CreateChangeSetAsync),
        AwsJsonOperation.Of("DescribeChangeSet", Json.DescribeChangeSetInput, DescribeChangeSet),
        AwsJsonOperation.Of("ExecuteChangeSet", Json.ExecuteChangeSetInput, ExecuteChangeSetAsync),
        AwsJsonOperation.Of("DeleteChangeSet", Json.DeleteChangeSetInput, DeleteChangeSetAsync),
        AwsJsonOperation.Of("ListChangeSets", Json.ListChangeSetsInput, ListChangeSets),
        AwsJsonOperation.Of("ListExports", Json.ListExportsInput, ListExports),
        AwsJsonOperation.Of("ListImports", Json.ListImportsInput, ListImports),
        AwsJsonOperation.Of("UpdateTerminationProtection", Json.UpdateTerminationProtectionInput, UpdateTerminationProtectionAsync),
    ];

    // ---- stacks ----

    private async Task<AwsJsonResponse> CreateStackAsync(CreateStackInput input, RequestContext context, CancellationToken cancellationToken)
    {
        StackIds.CheckStackName(input.StackName);
        if (input.DisableRollback is not null && input.OnFailure is not null)
        {
            throw CloudFormationErrors.Validation("You cannot specify both DisableRollback and OnFailure.");
        }

        if (input.OnFailure is not (null or "ROLLBACK" or "DELETE" or "DO_NOTHING"))
        {
            throw CloudFormationErrors.Constraint(input.OnFailure, "onFailure", "Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]");
        }

        var body = await TemplateBodyAsync(input.TemplateBody, input.TemplateURL, context, cancellationToken);
        var supplied = Supplied(input.Parameters);
        var capabilities = input.Capabilities ?? [];
        var scope = context.Scope;
        if (_store.GetStack(scope, input.StackName!) is not null)
        {
            throw CloudFormationErrors.AlreadyExists($"Stack [{input.StackName}] already exists");
        }

        var stackId = StackIds.NewStackId(scope, input.StackName!);
        var state = Check(body, context.Region, supplied, null, capabilities, input.StackName!, stackId, context, transformsNeedExpand: true, input.NotificationARNs);
        var now = _time.GetUtcNow();
        var stack = new StackRecord
        {
            StackId = stackId,
            StackName = input.StackName!,
            AccountId = scope.AccountId,
            Region = scope.Region,
            Status = StackStatus.CreateInProgress,
            StatusReason = "User Initiated",
            CreationTime = now,
            Capabilities = capabilities,
            NotificationArns = input.NotificationARNs ?? [],
            Tags = Tags(input.Tags),
            DisableRollback = input.DisableRollback ?? input.OnFailure == "DO_NOTHING",
            OnFailure = input.OnFailure ?? (input.DisableRollback == true ? "DO_NOTHING" : "ROLLBACK"),
            RetainExceptOnCreate = input.RetainExceptOnCreate ?? false,
            RoleArn = input.RoleARN,
            TimeoutInMinutes = input.TimeoutInMinutes,
            EnableTerminationProtection = input.EnableTerminationProtection ?? false,
            Target = state,
        };
        await _store.InsertStackAsync(stack, [_deployer.StackEvent(stack, StackStatus.CreateInProgress, "User Initiated")]);
        _workers.Start(stack.StackId);
        return AwsJsonResponse.From(new CreateStackOutput { StackId = stack.StackId }, Json.CreateStackOutput);
    }

    private async Task<AwsJsonResponse> UpdateStackAsync(UpdateStackInput input, RequestContext context, CancellationToken cancellationToken)
    {
        var stack = FindForChange(context.Scope, input.StackName);
        if (!StackStatus.IsUpdatable(stack.Status))
        {
            throw CloudFormationErrors.NotUpdatable(stack.StackId, stack.Status);
        }

        var body = input.UsePreviousTemplate == true
            ? input.TemplateBody is null && input.TemplateURL is null ? stack.Current!.Body
                : throw CloudFormationErrors.Validation("You cannot specify both usePreviousTemplate and Template Body/Template URL.")
            : await TemplateBodyAsync(input.TemplateBody, input.TemplateURL, context, cancellationToken);
        var capabilities = input.Capabilities ?? [];
        var state = Check(body, context.Region, Supplied(input.Parameters), stack.Current!.Parameters, capabilities, stack.StackName, stack.StackId, context, transformsNeedExpand: true, input.NotificationARNs ?? stack.NotificationArns);
        var tags = input.Tags is null ? stack.Tags : Tags(input.Tags);
        if (Evaluator.SameJson(state.Processed, stack.Current.Processed) && SameParameters(state.Parameters, stack.Current.Parameters)
            && tags.SequenceEqual(stack.Tags))
        {
            throw CloudFormationErrors.NoUpdates();
        }

        stack.Target = state;
        stack.Tags = tags;
        stack.Capabilities = capabilities;
        stack.NotificationArns = input.NotificationARNs ?? stack.NotificationArns;
        stack.DisableRollback = input.DisableRollback ?? stack.DisableRollback;
        stack.RoleArn = input.RoleARN ?? stack.RoleArn;
        await _deployer.SetStatusAsync(stack, StackStatus.UpdateInProgress, "User Initiated");
        _workers.Start(stack.StackId);
        return AwsJsonResponse.From(new UpdateStackOutput { StackId = stack.StackId }, Json.UpdateStackOutput);
    }

    private async Task<AwsJsonResponse> DeleteStackAsync(DeleteStackInput input, RequestContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(input.StackName))
        {
            throw CloudFormationErrors.Validation("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
        }

        var stack = _store.GetStack(context.Scope, input.StackName);
        if (stack is null || stack.Status == StackStatus.DeleteComplete || stack.Status == StackStatus.DeleteInProgress)
        {
            return AwsJsonResponse.Empty;
        }

        if (stack.EnableTerminationProtection)
        {
            throw CloudFormationErrors.Validation($"Stack [{stack.StackName}] cannot be deleted while TerminationProtection is enabled");
        }

        if (StackStatus.IsInProgress(stack.Status))
        {
            throw CloudFormationErrors.Validation($"Stack [{stack.StackName}] cannot be deleted while in status {stack.Status}");
        }

        if (input.RetainResources is { Count: > 0 } retain)
        {
            if (stack.Status != StackStatus.DeleteFailed)
            {
                throw CloudFormationErrors.Validation($"Invalid operation on stack [{stack.StackId}]. RetainResources may only be specified when the stack is in the DELETE_FAILED state.");
            }

            foreach (var record in _store.Resources(stack.StackId).Where(r => retain.Contains(r.LogicalId)))
            {
                record.DeletionPolicy = "Retain";
                await _store.SaveResourceAsync(stack.StackId, record);
            }
        }

        if (stack.Status == StackStatus.ReviewInProgress)
        {
            await _store.DeleteChangeSetsOfAsync(stack.StackId);
            stack.DeletionTime = _time.GetUtcNow();
            await _deployer.SetStatusAsync(stack, StackStatus.DeleteComplete, null);
            return AwsJsonResponse.Empty;
        }

        await _deployer.SetStatusAsync(stack, StackStatus.DeleteInProgress, "User Initiated");
        _workers.Start(stack.StackId);
        return AwsJsonResponse.Empty;
    }

    private async Task<AwsJsonResponse> DescribeStacksAsync(DescribeStacksInput input, RequestContext context, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(input.StackName))
        {
            var stack = Find(context.Scope, input.StackName);
            if (StackStatus.IsInProgress(stack.Status) && _workers.IsRunning(stack.StackId))
            {
                await _workers.WaitIdleAsync(stack.StackId, _options.DescribeWaitForCompletion, cancellationToken);
                stack = _store.GetStackById(stack.StackId) ?? stack;
            }

            return AwsJsonResponse.From(new DescribeStacksOutput { Stacks = [ToWire(stack)] }, Json.DescribeStacksOutput);
        }

        var all = _store.ListStacks(context.Scope, includeDeleted: false);
        var (page, next) = Page(all, input.NextToken);
        return AwsJsonResponse.From(new DescribeStacksOutput { Stacks = [.. page.Select(ToWire)], NextToken = next }, Json.DescribeStacksOutput);
    }

    private AwsJsonResponse ListStacks(ListStacksInput input, RequestContext context)
    {
        var filter = input.StackStatusFilter is { Count: > 0 } f ? f.ToHashSet(StringComparer.Ordinal) : null;
        foreach (var status in filter ?? [])
        {
            if (!StackStatus.All.Contains(status))
            {
                throw CloudFormationErrors.Constraint(status, "stackStatusFilter", "Member must satisfy enum value set: [" + string.Join(", ", StackStatus.All) + "]");
            }
        }

        var stacks = _store.ListStacks(context.Scope, includeDeleted: true).Where(s => filter is null || filter.Contains(s.Status)).ToList();
        var (page, next) = Page(stacks, input.NextToken);
        return AwsJsonResponse.From(new ListStacksOutput
        {
            NextToken = next,
            StackSummaries = [.. page.Select(s => new StackSummary
            {
                StackId = s.StackId,
                StackName = s.StackName,
                TemplateDescription = Description(s),
                CreationTime = s.CreationTime,
                LastUpdatedTime = s.LastUpdatedTime,
                DeletionTime = s.DeletionTime,
                StackStatus = s.Status,
                StackStatusReason = s.StatusReason,
                DriftInformation = new StackDriftInformationSummary { StackDriftStatus = "NOT_CHECKED" },
            })],
        }, Json.ListStacksOutput);
    }

    private AwsJsonResponse DescribeStackEvents(DescribeStackEventsInput input, RequestContext context)
    {
        var stack = Find(context.Scope, Required(input.StackName, "stackName"));
        var (page, next) = Page(_store.Events(stack.StackId), input.NextToken);
        return AwsJsonResponse.From(new DescribeStackEventsOutput
        {
            NextToken = next,
            StackEvents = [.. page.Select(e => new StackEvent
            {
                StackId = e.StackId,
                EventId = e.EventId,
                StackName = e.StackName,
                LogicalResourceId = e.LogicalResourceId,
                PhysicalResourceId = e.PhysicalResourceId,
                ResourceType = e.ResourceType,
                Timestamp = e.Timestamp,
                ResourceStatus = e.ResourceStatus,
                ResourceStatusReason = e.ResourceStatusReason,
                ResourceProperties = e.ResourceProperties,
                ClientRequestToken = e.ClientRequestToken,
            })],
        }, Json.DescribeStackEventsOutput);
    }

    private AwsJsonResponse DescribeStackResource(DescribeStackResourceInput input, RequestContext context)
    {
        var stack = Find(context.Scope, Required(input.StackName, "stackName"));
        var logicalId = Required(input.LogicalResourceId, "logicalResourceId");
        var record = _store.Resources(stack.StackId).FirstOrDefault(r => r.LogicalId == logicalId)
            ?? throw CloudFormationErrors.Validation($"Resource {logicalId} does not exist for stack {stack.StackName}");
        return AwsJsonResponse.From(new DescribeStackResourceOutput
        {
            StackResourceDetail = new StackResourceDetail
            {
                StackName = stack.StackName,
                StackId = stack.StackId,
                LogicalResourceId = record.LogicalId,
                PhysicalResourceId = record.Live?.PhysicalId,
                ResourceType = record.Type,
                LastUpdatedTimestamp = record.LastUpdated,
                ResourceStatus = record.Status,
                ResourceStatusReason = record.StatusReason,
                Metadata = record.Metadata ?? "{}",
                DriftInformation = new StackResourceDriftInformation { StackResourceDriftStatus = "NOT_CHECKED" },
            },
        }, Json.DescribeStackResourceOutput);
    }

    private AwsJsonResponse DescribeStackResources(DescribeStackResourcesInput input, RequestContext context)
    {
        List<StackRecord> stacks;
        if (!string.IsNullOrEmpty(input.StackName))
        {
            stacks = [Find(context.Scope, input.StackName)];
        }
        else if (!string.IsNullOrEmpty(input.PhysicalResourceId))
        {
            stacks = [.. _store.ListStacks(context.Scope, includeDeleted: false)
                .Where(s => _store.Resources(s.StackId).Any(r => r.Live?.PhysicalId == input.PhysicalResourceId))];
            if (stacks.Count == 0)
            {
                throw CloudFormationErrors.Validation($"Stack for {input.PhysicalResourceId} does not exist");
            }
        }
        else
        {
            throw CloudFormationErrors.Validation("Either StackName or PhysicalResourceId must be specified.");
        }

        var resources = stacks.SelectMany(s => _store.Resources(s.StackId).Select(r => (Stack: s, Record: r)))
            .Where(x => input.LogicalResourceId is null || x.Record.LogicalId == input.LogicalResourceId)
            .Where(x => input.PhysicalResourceId is null || x.Record.Live?.PhysicalId == input.PhysicalResourceId)
            .OrderBy(x => x.Record.LogicalId, StringComparer.Ordinal)
            .Select(x => new StackResource
            {
                StackName = x.Stack.StackName,
                StackId = x.Stack.StackId,
                LogicalResourceId = x.Record.LogicalId,
                PhysicalResourceId = x.Record.Live?.PhysicalId,
                ResourceType = x.Record.Type,
                Timestamp = x.Record.LastUpdated,
                ResourceStatus = x.Record.Status,
                ResourceStatusReason = x.Record.StatusReason,
                DriftInformation = new StackResourceDriftInformation { StackResourceDriftStatus = "NOT_CHECKED" },
            });
        return AwsJsonResponse.From(new DescribeStackResourcesOutput { StackResources = [.. resources] }, Json.DescribeStackResourcesOutput);
    }

    private AwsJsonResponse ListStackResources(ListStackResourcesInput input, RequestContext context)
    {
        var stack = Find(context.Scope, Required(input.StackName, "stackName"));
        var (page, next) = Page(_store.Resources(stack.StackId).OrderBy(r => r.LogicalId, StringComparer.Ordinal).ToList(), input.NextToken);
        return AwsJsonResponse.From(new ListStackResourcesOutput
        {
            NextToken = next,
            StackResourceSummaries = [.. page.Select(r => new StackResourceSummary
            {
                LogicalResourceId = r.LogicalId,
                PhysicalResourceId = r.Live?.PhysicalId,
                ResourceType = r.Type,
                LastUpdatedTimestamp = r.LastUpdated,
                ResourceStatus = r.Status,
                ResourceStatusReason = r.StatusReason,
                DriftInformation = new StackResourceDriftInformationSummary { StackResourceDriftStatus = "NOT_CHECKED" },
            })],
        }, Json.ListStackResourcesOutput);
    }

    private async Task<AwsJsonResponse> UpdateTerminationProtectionAsync(UpdateTerminationProtectionInput input, RequestContext context)
    {
        var stack = Find(context.Scope, Required(input.StackName, "stackName"));
        stack.EnableTerminationProtection = input.EnableTerminationProtection ?? throw CloudFormationErrors.Validation(
            "1 validation error detected: Value null at 'enableTerminationProtection' failed to satisfy constraint: Member must not be null");
        await _store.SaveStackAsync(stack);
        return AwsJsonResponse.From(new UpdateTerminationProtectionOutput { StackId = stack.StackId }, Json.UpdateTerminationProtectionOutput);
    }

    // ---- templates ----

    private AwsJsonResponse GetTemplate(GetTemplateInput input, RequestContext context)
    {
        TemplateState? state;
        if (!string.IsNullOrEmpty(input.ChangeSetName))
        {
            state = FindChangeSet(context.Scope, input.ChangeSetName, input.StackName).Template;
        }
        else
        {
            var stack = Find(context.Scope, Required(input.StackName, "stackName"));
            state = stack.Target ?? stack.Current;
        }

        if (state is null)
        {
            throw CloudFormationErrors.Validation("The stack has no template.");
        }

        var processed = input.TemplateStage == "Processed";
        var transformed = Template.DeclaredTransforms(TemplatePreparer.Parse(state.Body)).Count > 0;
        return AwsJsonResponse.From(new GetTemplateOutput
        {
            TemplateBody = processed && transformed ? state.Processed.ToJsonString() : state.Body,
            StagesAvailable = ["Original", "Processed"],
        }, Json.GetTemplateOutput);
    }

    private async Task<AwsJsonResponse> GetTemplateSummaryAsync(GetTemplateSummaryInput input, RequestContext context, CancellationToken cancellationToken)
    {
        string body;
        if (!string.IsNullOrEmpty(input.StackName))
        {
            var stack = Find(context.Scope, input.StackName);
            body = (stack.Target ?? stack.Current)?.Body ?? throw CloudFormationErrors.Validation("The stack has no template.");
        }
        else
        {
            body = await TemplateBodyAsync(input.TemplateBody, input.TemplateURL, context, cancellationToken);
        }

        var raw = Parse(body);
        var transforms = Template.DeclaredTransforms(raw);
        var summaryTemplate = ParseSections(raw, transforms, context.Region);
        var declarations = RawParameters(raw, summaryTemplate);
        var (capabilities, reason) = Capabilities(summaryTemplate, transforms);
        var resources = raw["Resources"] as JsonObject;
        return AwsJsonResponse.From(new GetTemplateSummaryOutput
        {
            Parameters = [.. declarations.Select(p => new WireParameterDeclaration
            {
                ParameterKey = p.Name,
                DefaultValue = p.Default,
                ParameterType = p.Type,
                NoEcho = p.NoEcho,
                Description = p.Description,
                ParameterConstraints = new ParameterConstraints { AllowedValues = p.AllowedValues?.ToList() },
            })],
            Description = Template.Text(raw["Description"]),
            Capabilities = capabilities,
            CapabilitiesReason = reason,
            ResourceTypes = resources is null ? [] : [.. resources.Select(r => Template.Text((r.Value as JsonObject)?["Type"])).OfType<string>().Distinct()],
            Version = "2010-09-09",
            Metadata = raw["Metadata"]?.ToJsonString(),
            DeclaredTransforms = [.. transforms],
        }, Json.GetTemplateSummaryOutput);
    }

    private async Task<AwsJsonResponse> ValidateTemplateAsync(ValidateTemplateInput input, RequestContext context, CancellationToken cancellationToken)
    {
        var body = await TemplateBodyAsync(input.TemplateBody, input.TemplateURL, context, cancellationToken);
        var raw = Parse(body);
        var transforms = Template.DeclaredTransforms(raw);
        var template = ParseSections(raw, transforms, context.Region);
        if (transforms.Count == 0 && template is not null)
        {
            var placeholders = template.Parameters.ToDictionary(p => p.Name, p => p.Default ?? string.Empty, StringComparer.Ordinal);
            try
            {
                TemplatePreparer.Validate(template, placeholders, new PseudoParameters(context.Region, context.AccountId, "stack", "stack-id", []));
            }
            catch (TemplateException e)
            {
                throw e.ToServiceException();
            }
        }

        var (capabilities, reason) = Capabilities(template, transforms);
        return AwsJsonResponse.From(new ValidateTemplateOutput
        {
            Parameters = [.. RawParameters(raw, template).Select(p => new TemplateParameter
            {
                ParameterKey = p.Name,
                DefaultValue = p.Default,
                NoEcho = p.NoEcho,
                Description = p.Description,
            })],
            Description = Template.Text(raw["Description"]),
            Capabilities = capabilities,
            CapabilitiesReason = reason,
            DeclaredTransforms = [.. transforms],
        }, Json.ValidateTemplateOutput);
    }

    private static JsonObject Parse(string body)
    {
        try
        {
            return TemplatePreparer.Parse(body);
        }
        catch (TemplateException e)
        {
            throw e.ToServiceException();
        }
    }

    /// <summary>The template's sections; a transformed template is checked only after its transform.</summary>
    private static Template? ParseSections(JsonObject raw, IReadOnlyList<string> transforms, string region)
    {
        try
        {
            if (transforms.Count == 0)
            {
                return Template.Parse(raw);
            }

            return TemplatePreparer.Prepare(raw.ToJsonString(), region, new Dictionary<string, string>()).Template;
        }
        catch (TemplateException e)
        {
            throw e.ToServiceException();
        }
        catch (TransformFailedException)
        {
            return null;
        }
    }

    private static List<Engine.ParameterDeclaration> RawParameters(JsonObject raw, Template? template)
    {
        if (template is not null && Template.DeclaredTransforms(raw).Count == 0)
        {
            return [.. template.Parameters];
        }

        var copy = new JsonObject { ["Resources"] = new JsonObject { ["R"] = new JsonObject { ["Type"] = "AWS::CloudFormation::WaitConditionHandle" } } };
        if (raw["Parameters"] is JsonObject parameters)
        {
            copy["Parameters"] = parameters.DeepClone();
        }

        try
        {
            return [.. Template.Parse(copy).Parameters];
        }
        catch (TemplateException e)
        {
            throw e.ToServiceException();
        }
    }

    private static (List<string>? Capabilities, string? Reason) Capabilities(Template? template, IReadOnlyList<string> transforms)
    {
        var capabilities = new List<string>();
        string? reason = null;
        if (template is not null)
        {
            var (iam, named) = TemplatePreparer.IamCapabilities(template);
            if (iam)
            {
                capabilities.Add(named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM");
                reason = $"The following resource(s) require capabilities: [{string.Join(", ", TemplatePreparer.IamResourceTypes(template).Select(id => template.Resource(id)!.Type).Distinct())}]";
            }
        }

        if (transforms.Count > 0)
        {
            capabilities.Add("CAPABILITY_AUTO_EXPAND");
            reason ??= "The following resource(s) require capabilities: [" + string.Join(", ", transforms) + "]";
        }

        return capabilities.Count == 0 ? (null, null) : (capabilities, reason);
    }

    // ---- change sets ----

    private async Task<AwsJsonResponse> CreateChangeSetAsync(CreateChangeSetInput input, RequestContext context, CancellationToken cancellationToken)
    {
        StackIds.CheckStackName(input.StackName);
        StackIds.CheckChangeSetName(input.ChangeSetName);
        var type = input.ChangeSetType ?? "UPDATE";
        if (type is not ("CREATE" or "UPDATE"))
        {
            throw type == "IMPORT"
                ? CloudFormationErrors.Validation("ChangeSetType IMPORT is not supported by this local cloud.")
                : CloudFormationErrors.Constraint(type, "changeSetType", "Member must satisfy enum value set: [CREATE, UPDATE, IMPORT]");
        }

        var scope = context.Scope;
        var existing = _store.GetStack(scope, input.StackName!);
        StackRecord? newStack = null;
        StackRecord stack;
        if (type == "CREATE")
        {
            if (existing is not null && existing.Status != StackStatus.ReviewInProgress)
            {
                throw CloudFormationErrors.Validation($"Stack [{input.StackName}] already exists and cannot be created again with the changeSet [{input.ChangeSetName}].");
            }

            stack = existing ?? (newStack = new StackRecord
            {
                StackId = StackIds.NewStackId(scope, input.StackName!),
                StackName = input.StackName!,
                AccountId = scope.AccountId,
                Region = scope.Region,
                Status = StackStatus.ReviewInProgress,
                StatusReason = "User Initiated",
                CreationTime = _time.GetUtcNow(),
            });
        }
        else
        {
            stack = existing ?? throw CloudFormationErrors.Validation($"Stack [{input.StackName}] does not exist");
            if (!StackStatus.IsUpdatable(stack.Status))
            {
                throw CloudFormationErrors.NotUpdatable(stack.StackId, stack.Status);
            }
        }

        var body = input.UsePreviousTemplate == true
            ? stack.Current?.Body ?? throw CloudFormationErrors.Validation("Cannot use previous template: the stack has none.")
            : await TemplateBodyAsync(input.TemplateBody, input.TemplateURL, context, cancellationToken);
        var changeSet = new ChangeSetRecord
        {
            ChangeSetId = StackIds.NewChangeSetId(scope, input.ChangeSetName!),
            ChangeSetName = input.ChangeSetName!,
            StackId = stack.StackId,
            StackName = stack.StackName,
            Description = input.Description,
            ChangeSetType = type,
            Status = "CREATE_COMPLETE",
            ExecutionStatus = "AVAILABLE",
            CreationTime = _time.GetUtcNow(),
            Capabilities = input.Capabilities ?? [],
            NotificationArns = input.NotificationARNs ?? [],
            Tags = input.Tags is null ? stack.Tags : Tags(input.Tags),
            RoleArn = input.RoleARN,
        };

        var supplied = Supplied(input.Parameters);
        var parse = Parse(body);
        var transformed = Template.DeclaredTransforms(parse).Count > 0;
        try
        {
            var state = Check(body, context.Region, supplied, stack.Current?.Parameters, changeSet.Capabilities, stack.StackName, stack.StackId, context,
                transformsNeedExpand: false, changeSet.NotificationArns);
            changeSet.Template = state;
            var records = _store.Resources(stack.StackId).ToDictionary(r => r.LogicalId, StringComparer.Ordinal);
            var template = Template.Parse(state.Processed);
            var evaluator = new Evaluator(template, state.Parameters,
                new PseudoParameters(stack.Region, stack.AccountId, stack.StackName, stack.StackId, changeSet.NotificationArns), new RecordValues(records, _store, scope));
            var graph = DependencyGraph.Build(evaluator);
            var oldTemplate = stack.Current is { } current ? Template.Parse(current.Processed) : null;
            changeSet.Changes = ChangeSetPlanner.Plan(graph, evaluator, oldTemplate, records, _deployer.Provider);
            if (type == "UPDATE" && changeSet.Changes.Count == 0 && stack.Current is not null
                && Evaluator.SameJson(state.Processed, stack.Current.Processed) && SameParameters(state.Parameters, stack.Current.Parameters))
            {
                changeSet.Status = "FAILED";
                changeSet.ExecutionStatus = "UNAVAILABLE";
                changeSet.StatusReason = "The submitted information didn't contain changes. Submit different information to create a change set.";
            }
        }
        catch (TransformFailedException e)
        {
            Fail(changeSet, e.Message);
        }
        catch (ServiceException e) when (transformed)
        {
            Fail(changeSet, e.Message);
        }
        catch (TemplateException e) when (transformed)
        {
            Fail(changeSet, e.Message);
        }
        catch (TemplateException e)
        {
            throw e.ToServiceException();
        }

        await _store.InsertChangeSetAsync(changeSet, newStack);
        if (newStack is not null)
        {
            await _store.SaveStackAsync(newStack, _deployer.StackEvent(newStack, StackStatus.ReviewInProgress, "User Initiated"));
        }

        return AwsJsonResponse.From(new CreateChangeSetOutput { Id = changeSet.ChangeSetId, StackId = stack.StackId }, Json.CreateChangeSetOutput);

        static void Fail(ChangeSetRecord changeSet, string reason)
        {
            changeSet.Status = "FAILED";
            changeSet.ExecutionStatus = "UNAVAILABLE";
            changeSet.StatusReason = reason;
        }
    }

    private AwsJsonResponse DescribeChangeSet(DescribeChangeSetInput input, RequestContext context)
    {
        var changeSet = FindChangeSet(context.Scope, Required(input.ChangeSetName, "changeSetName"), input.StackName);
        var declarations = changeSet.Template is { } t ? Template.Parse(t.Processed).Parameters : [];
        return AwsJsonResponse.From(new DescribeChangeSetOutput
        {
            ChangeSetName = changeSet.ChangeSetName,
            ChangeSetId = changeSet.ChangeSetId,
            StackId = changeSet.StackId,
            StackName = changeSet.StackName,
            Description = changeSet.Description,
            Parameters = changeSet.Template is null ? null : Parameters(declarations, changeSet.Template.Parameters),
            CreationTime = changeSet.CreationTime,
            ExecutionStatus = changeSet.ExecutionStatus,
            Status = changeSet.Status,
            StatusReason = changeSet.StatusReason,
            NotificationARNs = changeSet.NotificationArns,
            RollbackConfiguration = new RollbackConfiguration(),
            Capabilities = changeSet.Capabilities,
            Tags = changeSet.Tags.Count == 0 ? null : [.. changeSet.Tags.Select(x => new Tag { Key = x.Key, Value = x.Value })],
            Changes = changeSet.Changes,
            IncludeNestedStacks = false,
        }, Json.DescribeChangeSetOutput);
    }

    private async Task<AwsJsonResponse> ExecuteChangeSetAsync(ExecuteChangeSetInput input, RequestContext context, CancellationToken cancellationToken)
    {
        var changeSet = FindChangeSet(context.Scope, Required(input.ChangeSetName, "changeSetName"), input.StackName);
        if (changeSet.ExecutionStatus != "AVAILABLE")
        {
            throw CloudFormationErrors.InvalidChangeSetStatus(
                $"ChangeSet [{changeSet.ChangeSetId}] cannot be executed in its current status of [{changeSet.Status}]");
        }

        var stack = _store.GetStackById(changeSet.StackId) ?? throw CloudFormationErrors.StackNotFound(changeSet.StackName);
        string status;
        if (changeSet.ChangeSetType == "CREATE")
        {
            if (stack.Status != StackStatus.ReviewInProgress)
            {
                throw CloudFormationErrors.InvalidChangeSetStatus($"ChangeSet [{changeSet.ChangeSetId}] cannot be executed in its current status of [OBSOLETE]");
            }

            status = StackStatus.CreateInProgress;
            stack.DisableRollback = input.DisableRollback ?? false;
            stack.OnFailure = stack.DisableRollback ? "DO_NOTHING" : "ROLLBACK";
            stack.RetainExceptOnCreate = input.RetainExceptOnCreate ?? false;
        }
        else
        {
            if (!StackStatus.IsUpdatable(stack.Status))
            {
                throw CloudFormationErrors.NotUpdatable(stack.StackId, stack.Status);
            }

            status = StackStatus.UpdateInProgress;
            stack.DisableRollback = input.DisableRollback ?? false;
        }

        stack.Target = changeSet.Template;
        stack.Capabilities = changeSet.Capabilities;
        stack.NotificationArns = changeSet.NotificationArns;
        stack.Tags = changeSet.Tags;
        stack.RoleArn = changeSet.RoleArn ?? stack.RoleArn;
        stack.ChangeSetId = changeSet.ChangeSetId;
        stack.Status = status;
        stack.StatusReason = "User Initiated";
        if (status == StackStatus.UpdateInProgress)
        {
            stack.LastUpdatedTime = _time.GetUtcNow();
        }

        changeSet.ExecutionStatus = "EXECUTE_COMPLETE";
        await _store.SaveStackAndChangeSetAsync(stack, changeSet, deleteOthers: true, _deployer.StackEvent(stack, status, "User Initiated"));
        _workers.Start(stack.StackId);
        return AwsJsonResponse.From(new ExecuteChangeSetOutput(), Json.ExecuteChangeSetOutput);
    }

    private async Task<AwsJsonResponse> DeleteChangeSetAsync(DeleteChangeSetInput input, RequestContext context)
    {
        var changeSet = FindChangeSet(context.Scope, Required(input.ChangeSetName, "changeSetName"), input.StackName);
        if (changeSet.ExecutionStatus == "EXECUTE_IN_PROGRESS")
        {
            throw CloudFormationErrors.InvalidChangeSetStatus($"Cannot delete ChangeSet in status {changeSet.ExecutionStatus}");
        }

        await _store.DeleteChangeSetAsync(changeSet.ChangeSetId);
        return AwsJsonResponse.From(new DeleteChangeSetOutput(), Json.DeleteChangeSetOutput);
    }

    private AwsJsonResponse ListChangeSets(ListChangeSetsInput input, RequestContext context)
    {
        var stack = Find(context.Scope, Required(input.StackName, "stackName"));
        var (page, next) = Page(_store.ChangeSets(stack.StackId), input.NextToken);
        return AwsJsonResponse.From(new ListChangeSetsOutput
        {
            NextToken = next,
            Summaries = [.. page.Select(c => new ChangeSetSummary
            {
                StackId = c.StackId,
                StackName = c.StackName,
                ChangeSetId = c.ChangeSetId,
                ChangeSetName = c.ChangeSetName,
                ExecutionStatus = c.ExecutionStatus,
                Status = c.Status,
                StatusReason = c.StatusReason,
                CreationTime = c.CreationTime,
                Description = c.Description,
                IncludeNestedStacks = false,
            })],
        }, Json.ListChangeSetsOutput);
    }

    // ---- exports ----

    private AwsJsonResponse ListExports(ListExportsInput input, RequestContext context)
    {
        var (page, next) = Page(_store.Exports(context.Scope), input.NextToken);
        return AwsJsonResponse.From(new ListExportsOutput
        {
            NextToken = next,
            Exports = [.. page.Select(e => new Export { ExportingStackId = e.StackId, Name = e.Name, Value = e.Value })],
        }, Json.ListExportsOutput);
    }

    private AwsJsonResponse ListImports(ListImportsInput input, RequestContext context)
    {
        var name = Required(input.ExportName, "exportName");
        var importers = _store.Importers(context.Scope, name);
        if (importers.Count == 0)
        {
            throw CloudFormationErrors.Validation($"Export '{name}' is not imported by any stack.");
        }

        var (page, next) = Page(importers, input.NextToken);
        return AwsJsonResponse.From(new ListImportsOutput { Imports = page, NextToken = next }, Json.ListImportsOutput);
    }

    // ---- helpers ----

    /// <summary>Prepares and checks a template for a stack operation; template problems are <c>ValidationError</c>s
    /// (a transform's failure stays <see cref="TransformFailedException"/> for change sets).</summary>
    private static TemplateState Check(
        string body,
        string region,
        IReadOnlyList<SuppliedParameter> supplied,
        Dictionary<string, string>? previous,
        IReadOnlyCollection<string> capabilities,
        string stackName,
        string stackId,
        RequestContext context,
        bool transformsNeedExpand,
        IReadOnlyList<string>? notificationArns)
    {
        try
        {
            var samValues = supplied.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!, StringComparer.Ordinal);
            foreach (var s in supplied.Where(s => s.UsePreviousValue))
            {
                if (previous is not null && previous.TryGetValue(s.Key, out var old))
                {
                    samValues[s.Key] = old;
                }
            }

            if (transformsNeedExpand && Template.DeclaredTransforms(TemplatePreparer.Parse(body)).Contains(TemplatePreparer.SamTransformName)
                && !capabilities.Contains("CAPABILITY_AUTO_EXPAND"))
            {
                throw CloudFormationErrors.InsufficientCapabilities("CAPABILITY_AUTO_EXPAND");
            }

            PreparedTemplate prepared;
            try
            {
                prepared = TemplatePreparer.Prepare(body, region, samValues);
            }
            catch (TransformFailedException e) when (transformsNeedExpand)
            {
                throw CloudFormationErrors.Validation(e.Message);
            }

            var values = ParameterResolver.Resolve(prepared.Template, supplied, previous);
            TemplatePreparer.Validate(prepared.Template, values, new PseudoParameters(region, context.AccountId, stackName, stackId, notificationArns ?? []));
            if (TemplatePreparer.MissingCapability(prepared, capabilities, transformsNeedExpand) is { } missing)
            {
                throw CloudFormationErrors.InsufficientCapabilities(missing);
            }

            return new TemplateState { Body = body, Processed = prepared.Processed, Parameters = values };
        }
        catch (TemplateException e) when (transformsNeedExpand)
        {
            throw e.ToServiceException();
        }
    }

    private async Task<string> TemplateBodyAsync(string? body, string? url, RequestContext context, CancellationToken cancellationToken)
    {
        if (body is not null && url is not null)
        {
            throw CloudFormationErrors.Validation("Specify exactly one of TemplateBody or TemplateUrl.");
        }

        if (body is not null)
        {
            if (body.Length > TemplatePreparer.MaxBodyLength)
            {
                throw CloudFormationErrors.Constraint(body[..Math.Min(body.Length, 64)] + "...", "templateBody",
                    $"Member must have length less than or equal to {TemplatePreparer.MaxBodyLength}");
            }

            return body;
        }

        if (url is null)
        {
            throw CloudFormationErrors.Validation("Either Template URL or Template Body must be specified.");
        }

        var location = S3Location.Parse(url) ?? throw CloudFormationErrors.Validation("TemplateURL must be a supported URL.");
        var objects = _services.GetService<IObjectStorePort>()
            ?? throw CloudFormationErrors.Validation("TemplateURL must reference a valid S3 object to which you have access.");
        var bytes = await objects.GetObjectAsync(context.Scope, location.Bucket, location.Key, location.VersionId, cancellationToken)
            ?? throw CloudFormationErrors.Validation("TemplateURL must reference a valid S3 object to which you have access.");
        return Encoding.UTF8.GetString(bytes);
    }

    private StackRecord Find(ResourceScope scope, string nameOrId) =>
        _store.GetStack(scope, nameOrId) ?? throw CloudFormationErrors.StackNotFound(nameOrId);

    private StackRecord FindForChange(ResourceScope scope, string? nameOrId)
    {
        var name = Required(nameOrId, "stackName");
        var stack = _store.GetStack(scope, name);
        return stack is null || stack.Status == StackStatus.DeleteComplete
            ? throw CloudFormationErrors.Validation($"Stack [{name}] does not exist")
            : stack;
    }

    private ChangeSetRecord FindChangeSet(ResourceScope scope, string nameOrArn, string? stackName)
    {
        if (StackIds.IsChangeSetArn(nameOrArn))
        {
            var byArn = _store.GetChangeSet(nameOrArn);
            return byArn is not null && byArn.ChangeSetId.Contains($":{scope.Region}:{scope.AccountId}:", StringComparison.Ordinal)
                ? byArn
                : throw CloudFormationErrors.ChangeSetNotFound(nameOrArn);
        }

        if (string.IsNullOrEmpty(stackName))
        {
            throw CloudFormationErrors.Validation("StackName must be specified if ChangeSetName is not specified as an ARN.");
        }

        var stack = _store.GetStack(scope, stackName) ?? throw CloudFormationErrors.ChangeSetNotFound(nameOrArn);
        return _store.GetChangeSet(stack.StackId, nameOrArn) ?? throw CloudFormationErrors.ChangeSetNotFound(nameOrArn);
    }

    private static string Required(string? value, string member) =>
        string.IsNullOrEmpty(value)
            ? throw CloudFormationErrors.Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null")
            : value;

    private static List<SuppliedParameter> Supplied(List<Parameter>? parameters) =>
        [.. (parameters ?? []).Select(p => new SuppliedParameter(
            p.ParameterKey ?? throw CloudFormationErrors.Validation("1 validation error detected: Value null at 'parameters.member.parameterKey' failed to satisfy constraint: Member must not be null"),
            p.ParameterValue, p.UsePreviousValue == true))];

    private static List<TagRecord> Tags(List<Tag>? tags) =>
        [.. (tags ?? []).Select(t => new TagRecord(t.Key ?? string.Empty, t.Value ?? string.Empty))];

    private static bool SameParameters(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private static (List<T> Page, string? Next) Page<T>(List<T> items, string? token)
    {
        var start = 0;
        if (!string.IsNullOrEmpty(token) && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > items.Count))
        {
            throw CloudFormationErrors.Validation("Invalid NextToken.");
        }

        var page = items.Skip(start).Take(PageSize).ToList();
        var next = start + PageSize < items.Count ? (start + PageSize).ToString(CultureInfo.InvariantCulture) : null;
        return (page, next);
    }

    private static string? Description(StackRecord stack) => stack.Shown is { } state ? Template.Text(state.Processed["Description"]) : null;

    private static List<Parameter> Parameters(IEnumerable<Engine.ParameterDeclaration> declarations, Dictionary<string, string> values) =>
        [.. declarations.Where(d => values.ContainsKey(d.Name)).Select(d => new Parameter
        {
            ParameterKey = d.Name,
            ParameterValue = d.NoEcho ? "****" : values[d.Name],
        })];

    private static Stack ToWire(StackRecord s)
    {
        var state = s.Shown;
        var declarations = state is null ? [] : Template.Parse(state.Processed).Parameters;
        return new Stack
        {
            StackId = s.StackId,
            StackName = s.StackName,
            ChangeSetId = s.ChangeSetId,
            Description = Description(s),
            Parameters = state is null ? null : Parameters(declarations, state.Parameters),
            CreationTime = s.CreationTime,
            DeletionTime = s.DeletionTime,
            LastUpdatedTime = s.LastUpdatedTime,
            RollbackConfiguration = new RollbackConfiguration(),
            StackStatus = s.Status,
            StackStatusReason = s.StatusReason,
            DisableRollback = s.DisableRollback,
            NotificationARNs = s.NotificationArns,
            TimeoutInMinutes = s.TimeoutInMinutes,
            Capabilities = s.Capabilities.Count == 0 ? null : s.Capabilities,
            Outputs = s.Outputs.Count == 0 ? null : [.. s.Outputs.Select(o => new Output
            {
                OutputKey = o.Key,
                OutputValue = o.Value,
                Description = o.Description,
                ExportName = o.ExportName,
            })],
            RoleARN = s.RoleArn,
            Tags = s.Tags.Count == 0 ? null : [.. s.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value })],
            EnableTerminationProtection = s.EnableTerminationProtection,
            DriftInformation = new StackDriftInformation { StackDriftStatus = "NOT_CHECKED" },
        };
    }

    /// <summary>The stack's current resources as a change set sees them.</summary>
    private sealed class RecordValues(IReadOnlyDictionary<string, ResourceRecord> records, CloudFormationStore store, ResourceScope scope) : IResourceValues
    {
        public JsonNode? Ref(string logicalId) => records.TryGetValue(logicalId, out var r) ? r.Live?.RefNode : null;

        public JsonNode? GetAtt(string logicalId, string attribute) =>
            records.TryGetValue(logicalId, out var r) && r.Live is { } live && live.Attributes.TryGetPropertyValue(attribute, out var v) ? v : null;

        public string? ImportValue(string name) => store.ExportValue(scope, name);
    }
}
