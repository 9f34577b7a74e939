using System.Text.Json;
using System.Text.RegularExpressions;
using EventPatterns;
using LocalCloud.Core.Hosting;
using LocalCloud.Pipes.Model;
using LocalCloud.Pipes.Runtime;
using LocalCloud.Pipes.Wire;

namespace LocalCloud.Pipes;

/// <summary>
/// The checks CreatePipe and UpdatePipe make before anything is stored: the model's constraints (lengths, patterns,
/// enums, ranges, with the member in <c>fieldList</c>), then the combinations Pipes refuse, then what this local
/// cloud does not emulate (other sources, API destination and Step Functions enrichments and targets), each a
/// <c>ValidationException</c> that says so.
/// </summary>
internal static partial class PipeValidation
{
    public const string NamePattern = "[\\.\\-_A-Za-z0-9]+";
    public const string ArnPattern = "arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-]+):([a-z]{2,4}((-gov)|(-de)|(-iso([a-z]?)))?-[a-z]+(-\\d{1})?)?:(\\d{12})?:(.+)";
    public const string RoleArnPattern = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z0-9+=,.@\\-_/]+";
    private const string EndpointIdPattern = "[A-Za-z0-9\\-]+[\\.][A-Za-z0-9\\-]+";
    private static readonly string[] StartingPositions = ["TRIM_HORIZON", "LATEST"];
    private static readonly string[] BisectValues = ["AUTOMATIC_BISECT"];
    private static readonly string[] InvocationTypes = [LambdaTargetSettings.RequestResponse, LambdaTargetSettings.FireAndForget];
    private static readonly string[] LogLevels = ["OFF", "ERROR", "INFO", "TRACE"];

    public static void Name(string name, string member = "name")
    {
        if (name.Length is < 1 or > 64)
        {
            throw PipesErrors.Length(name, member, 1, 64);
        }

        if (!NameRegex().IsMatch(name))
        {
            throw PipesErrors.Pattern(name, member, NamePattern);
        }
    }

    public static void Common(PipeRequest request)
    {
        if (request.Description is { Length: > 512 } description)
        {
            throw PipesErrors.Length(description, "description", 0, 512);
        }

        if (request.DesiredState is { } desired && !PipeStates.Requested.Contains(desired))
        {
            throw PipesErrors.Enum(desired, "desiredState", PipeStates.Requested);
        }

        if (request.RoleArn is { } role)
        {
            if (role.Length is < 1 or > 1600)
            {
                throw PipesErrors.Length(role, "roleArn", 1, 1600);
            }

            if (!RoleArnRegex().IsMatch(role))
            {
                throw PipesErrors.Pattern(role, "roleArn", RoleArnPattern);
            }
        }

        if (request.Target is { } target)
        {
            ArnMember(target, "target");
        }

        if (request.Enrichment is { Length: > 0 } enrichment)
        {
            ArnMember(enrichment, "enrichment");
        }

        if (request.KmsKeyIdentifier is { Length: > 2048 } kms)
        {
            throw PipesErrors.Length(kms, "kmsKeyIdentifier", 0, 2048);
        }

        if (request.LogConfiguration is { } log)
        {
            LogConfiguration(log);
        }

        if (request.EnrichmentParameters is { } enrichmentParameters)
        {
            if (enrichmentParameters.HttpParameters is { ValueKind: not JsonValueKind.Null })
            {
                throw PipesErrors.Validation("EnrichmentParameters.HttpParameters is not supported by this local cloud: API destination and API Gateway enrichments are not emulated.", "enrichmentParameters.httpParameters");
            }

            Template(enrichmentParameters.InputTemplate, "enrichmentParameters.inputTemplate");
        }

        if (request.TargetParameters is { } targetParameters)
        {
            Template(targetParameters.InputTemplate, "targetParameters.inputTemplate");
        }
    }

    public static void Tags(IReadOnlyDictionary<string, string>? tags, string member = "tags")
    {
        if (tags is null)
        {
            return;
        }

        if (tags.Count is < 1 or > 50)
        {
            throw PipesErrors.Constraint("{...}", member, tags.Count < 1
                ? "Member must have length greater than or equal to 1"
                : "Member must have length less than or equal to 50");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is < 1 or > 128)
            {
                throw PipesErrors.Length(key, member + ".key", 1, 128);
            }

            if (value is null || value.Length > 256)
            {
                throw PipesErrors.Constraint(value, member + ".value", value is null ? "Member must not be null" : "Member must have length less than or equal to 256");
            }
        }
    }

    public static void ArnMember(string value, string member)
    {
        if (value.Length is < 1 or > 1600)
        {
            throw PipesErrors.Length(value, member, 1, 1600);
        }

        if (!ArnRegex().IsMatch(value))
        {
            throw PipesErrors.Pattern(value, member, ArnPattern);
        }
    }

    /// <summary>The kind of <paramref name="source"/>, or a ValidationException for a source this local cloud does not read.</summary>
    public static SourceKind Source(string source)
    {
        if (source.Length is < 1 or > 1600)
        {
            throw PipesErrors.Length(source, "source", 1, 1600);
        }

        if (source.StartsWith("smk://", StringComparison.Ordinal))
        {
            throw Unsupported($"Source {source} is a self-managed Apache Kafka cluster", "source");
        }

        if (!ArnRegex().IsMatch(source) || !Arn.TryParse(source, out var arn))
        {
            throw PipesErrors.Pattern(source, "source", "smk://(([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])\\.)*([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9\\-]*[A-Za-z0-9]):[0-9]{1,5}|" + ArnPattern);
        }

        return arn.Service switch
        {
            "dynamodb" when StreamResourceRegex().IsMatch(arn.Resource) => SourceKind.DynamoDbStream,
            "sqs" when !arn.Resource.Contains(':', StringComparison.Ordinal) => SourceKind.SqsQueue,
            "dynamodb" => throw PipesErrors.Validation($"Source {source} is not a DynamoDB stream ARN (arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>).", "source"),
            _ => throw Unsupported($"Source {source} ({arn.Service})", "source"),
        };
    }

    public static TargetKind Target(string target)
    {
        _ = Arn.TryParse(target, out var arn);
        return arn.Service switch
        {
            "events" when arn.Resource.StartsWith("event-bus/", StringComparison.Ordinal) => TargetKind.EventBus,
            "lambda" when arn.Resource.StartsWith("function:", StringComparison.Ordinal) => TargetKind.Lambda,
            "sqs" => TargetKind.SqsQueue,
            "states" => throw Unsupported($"Target {target} is a Step Functions state machine", "target"),
            "events" => throw Unsupported($"Target {target} is an API destination", "target"),
            _ => throw Unsupported($"Target {target} ({arn.Service})", "target"),
        };
    }

    public static void Enrichment(string enrichment)
    {
        _ = Arn.TryParse(enrichment, out var arn);
        if (arn.Service == "lambda" && arn.Resource.StartsWith("function:", StringComparison.Ordinal))
        {
            return;
        }

        var what = arn.Service switch
        {
            "states" => "a Step Functions state machine",
            "events" => "an API destination",
            "execute-api" => "an API Gateway API",
            _ => "not a Lambda function",
        };
        throw PipesErrors.Validation(
            $"Enrichment {enrichment} is {what}: this local cloud supports only Lambda function enrichments (API destinations, API Gateway and Step Functions are not emulated).",
            "enrichment");
    }

    public static DynamoDbSourceSettings DynamoDbSource(DynamoDbStreamParametersWire? parameters, string? startingPosition, string member)
    {
        var start = parameters?.StartingPosition ?? startingPosition;
        if (start is null)
        {
            throw PipesErrors.Required(member + ".startingPosition");
        }

        if (!StartingPositions.Contains(start))
        {
            throw PipesErrors.Enum(start, member + ".startingPosition", StartingPositions);
        }

        var settings = new DynamoDbSourceSettings { StartingPosition = start };
        if (parameters is null)
        {
            return settings;
        }

        if (parameters.OnPartialBatchItemFailure is { } bisect && !BisectValues.Contains(bisect))
        {
            throw PipesErrors.Enum(bisect, member + ".onPartialBatchItemFailure", BisectValues);
        }

        string? deadLetter = null;
        if (parameters.DeadLetterConfig?.Arn is { } dlq)
        {
            ArnMember(dlq, member + ".deadLetterConfig.arn");
            _ = Arn.TryParse(dlq, out var dlqArn);
            if (dlqArn.Service != "sqs")
            {
                throw PipesErrors.Validation($"DeadLetterConfig.Arn {dlq} is not an SQS queue: this local cloud supports only SQS dead-letter queues (SNS is not emulated).", member + ".deadLetterConfig.arn");
            }

            deadLetter = dlq;
        }

        return settings with
        {
            BatchSize = InRange(parameters.BatchSize, member + ".batchSize", 1, 10_000) ?? 100,
            MaximumBatchingWindowInSeconds = InRange(parameters.MaximumBatchingWindowInSeconds, member + ".maximumBatchingWindowInSeconds", 0, 300) ?? 0,
            MaximumRecordAgeInSeconds = InRange(parameters.MaximumRecordAgeInSeconds, member + ".maximumRecordAgeInSeconds", -1, 604_800) ?? -1,
            MaximumRetryAttempts = InRange(parameters.MaximumRetryAttempts, member + ".maximumRetryAttempts", -1, 10_000) ?? -1,
            ParallelizationFactor = InRange(parameters.ParallelizationFactor, member + ".parallelizationFactor", 1, 10) ?? 1,
            OnPartialBatchItemFailure = parameters.OnPartialBatchItemFailure,
            DeadLetterArn = deadLetter,
        };
    }

    public static QueueSourceSettings QueueSource(SqsQueueParametersWire? parameters, string member) => new()
    {
        BatchSize = InRange(parameters?.BatchSize, member + ".batchSize", 1, 10_000) ?? 10,
        MaximumBatchingWindowInSeconds = InRange(parameters?.MaximumBatchingWindowInSeconds, member + ".maximumBatchingWindowInSeconds", 0, 300) ?? 0,
    };

    /// <summary>The source-specific blocks of <paramref name="parameters"/> other than the one <paramref name="kind"/> uses.</summary>
    public static void OnlySourceBlockFor(SourceKind kind, SourceParametersWire parameters)
    {
        var foreign = new (string Name, bool Given)[]
        {
            ("DynamoDBStreamParameters", kind != SourceKind.DynamoDbStream && parameters.DynamoDBStreamParameters is not null),
            ("SqsQueueParameters", kind != SourceKind.SqsQueue && parameters.SqsQueueParameters is not null),
            ("KinesisStreamParameters", Given(parameters.KinesisStreamParameters)),
            ("ActiveMQBrokerParameters", Given(parameters.ActiveMQBrokerParameters)),
            ("RabbitMQBrokerParameters", Given(parameters.RabbitMQBrokerParameters)),
            ("ManagedStreamingKafkaParameters", Given(parameters.ManagedStreamingKafkaParameters)),
            ("SelfManagedKafkaParameters", Given(parameters.SelfManagedKafkaParameters)),
        };
        foreach (var (name, given) in foreign)
        {
            if (given)
            {
                throw PipesErrors.Validation($"SourceParameters.{name} does not apply to a {Describe(kind)} source.", "sourceParameters." + char.ToLowerInvariant(name[0]) + name[1..]);
            }
        }
    }

    public static IReadOnlyList<string> Filters(FilterCriteriaWire criteria)
    {
        var filters = criteria.Filters ?? [];
        if (filters.Count > 5)
        {
            throw PipesErrors.Constraint("[...]", "sourceParameters.filterCriteria.filters", "Member must have length less than or equal to 5");
        }

        var patterns = new List<string>(filters.Count);
        for (var i = 0; i < filters.Count; i++)
        {
            var pattern = filters[i]?.Pattern;
            if (pattern is null)
            {
                continue;
            }

            if (pattern.Length > 4096)
            {
                throw PipesErrors.Constraint(null, $"sourceParameters.filterCriteria.filters.{i + 1}.member.pattern", "Member must have length less than or equal to 4096");
            }

            if (!EventPattern.TryValidate(pattern, out var error))
            {
                throw PipesErrors.Validation($"Invalid filter pattern definition: {error}", $"sourceParameters.filterCriteria.filters.{i + 1}.member.pattern");
            }

            patterns.Add(pattern);
        }

        return patterns;
    }

    public static void OnlyTargetBlockFor(TargetKind kind, TargetParametersWire parameters)
    {
        var foreign = new (string Name, bool Given)[]
        {
            ("LambdaFunctionParameters", kind != TargetKind.Lambda && parameters.LambdaFunctionParameters is not null),
            ("SqsQueueParameters", kind != TargetKind.SqsQueue && parameters.SqsQueueParameters is not null),
            ("EventBridgeEventBusParameters", kind != TargetKind.EventBus && parameters.EventBridgeEventBusParameters is not null),
            ("StepFunctionStateMachineParameters", Given(parameters.StepFunctionStateMachineParameters)),
            ("KinesisStreamParameters", Given(parameters.KinesisStreamParameters)),
            ("EcsTaskParameters", Given(parameters.EcsTaskParameters)),
            ("BatchJobParameters", Given(parameters.BatchJobParameters)),
            ("HttpParameters", Given(parameters.HttpParameters)),
            ("RedshiftDataParameters", Given(parameters.RedshiftDataParameters)),
            ("SageMakerPipelineParameters", Given(parameters.SageMakerPipelineParameters)),
            ("CloudWatchLogsParameters", Given(parameters.CloudWatchLogsParameters)),
            ("TimestreamParameters", Given(parameters.TimestreamParameters)),
        };
        foreach (var (name, given) in foreign)
        {
            if (given)
            {
                throw PipesErrors.Validation($"TargetParameters.{name} does not apply to {Describe(kind)} target.", "targetParameters." + char.ToLowerInvariant(name[0]) + name[1..]);
            }
        }
    }

    public static EventBusTargetSettings EventBus(EventBusParametersWire parameters)
    {
        const string Member = "targetParameters.eventBridgeEventBusParameters";
        if (parameters.DetailType is { } detailType)
        {
            if (detailType.Length is < 1 or > 128)
            {
                throw PipesErrors.Length(detailType, Member + ".detailType", 1, 128);
            }

            DynamicValue(detailType, Member + ".detailType");
        }

        if (parameters.Source is { } source)
        {
            if (source.Length is < 1 or > 256)
            {
                throw PipesErrors.Length(source, Member + ".source", 1, 256);
            }

            if (source.StartsWith("aws.", StringComparison.Ordinal))
            {
                throw PipesErrors.Validation($"Source {source} is not valid: a pipe cannot send events with a source that starts with aws.", Member + ".source");
            }

            DynamicValue(source, Member + ".source");
        }

        if (parameters.Resources is { } resources)
        {
            if (resources.Count > 10)
            {
                throw PipesErrors.Constraint("[...]", Member + ".resources", "Member must have length less than or equal to 10");
            }

            foreach (var resource in resources)
            {
                if (resource is null)
                {
                    throw PipesErrors.Required(Member + ".resources.member");
                }

                DynamicValue(resource, Member + ".resources");
            }
        }

        if (parameters.Time is { } time && !PipeJsonPath.IsValid(time))
        {
            throw PipesErrors.Pattern(time, Member + ".time", "\\$(\\.[\\w/_-]+(\\[(\\d+|\\*)\\])*)*");
        }

        if (parameters.EndpointId is { } endpoint && (endpoint.Length is < 1 or > 50 || !EndpointIdRegex().IsMatch(endpoint)))
        {
            throw PipesErrors.Pattern(endpoint, Member + ".endpointId", EndpointIdPattern);
        }

        return new EventBusTargetSettings
        {
            EndpointId = parameters.EndpointId,
            DetailType = parameters.DetailType,
            Source = parameters.Source,
            Resources = parameters.Resources,
            Time = parameters.Time,
        };
    }

    public static LambdaTargetSettings Lambda(LambdaFunctionParametersWire? parameters)
    {
        var type = parameters?.InvocationType ?? LambdaTargetSettings.RequestResponse;
        if (!InvocationTypes.Contains(type))
        {
            throw PipesErrors.Enum(type, "targetParameters.lambdaFunctionParameters.invocationType", InvocationTypes);
        }

        return new LambdaTargetSettings(type);
    }

    public static QueueTargetSettings QueueTarget(SqsTargetParametersWire? parameters)
    {
        if (parameters?.MessageGroupId is { Length: > 100 } group)
        {
            throw PipesErrors.Length(group, "targetParameters.sqsQueueParameters.messageGroupId", 0, 100);
        }

        if (parameters?.MessageDeduplicationId is { Length: > 100 } dedup)
        {
            throw PipesErrors.Length(dedup, "targetParameters.sqsQueueParameters.messageDeduplicationId", 0, 100);
        }

        return new QueueTargetSettings(parameters?.MessageGroupId, parameters?.MessageDeduplicationId);
    }

    private static void DynamicValue(string value, string member)
    {
        if (value.StartsWith("$.", StringComparison.Ordinal) && !PipeJsonPath.IsValid(value))
        {
            throw PipesErrors.Validation($"{value} is not a valid JSON path: a dynamic parameter must be a whole JSON path such as $.detailType.", member);
        }
    }

    private static void Template(string? template, string member)
    {
        if (template is null)
        {
            return;
        }

        if (template.Length > PipeTemplate.MaxLength)
        {
            throw PipesErrors.Constraint(null, member, "Member must have length less than or equal to 8192");
        }

        if (PipeTemplate.Problem(template) is { } problem)
        {
            throw PipesErrors.Validation(problem, member);
        }
    }

    private static void LogConfiguration(JsonElement log)
    {
        if (log.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (log.ValueKind != JsonValueKind.Object)
        {
            throw new ServiceException("SerializationException", "LogConfiguration must be an object.");
        }

        if (!log.TryGetProperty("Level", out var level) || level.ValueKind != JsonValueKind.String)
        {
            throw PipesErrors.Required("logConfiguration.level");
        }

        if (!LogLevels.Contains(level.GetString()))
        {
            throw PipesErrors.Enum(level.GetString()!, "logConfiguration.level", LogLevels);
        }
    }

    private static int? InRange(int? value, string member, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw PipesErrors.Range(v, member, min, max);
        }

        return value;
    }

    private static bool Given(JsonElement? element) => element is { ValueKind: not JsonValueKind.Null };

    private static ServiceException Unsupported(string what, string member) =>
        PipesErrors.Validation($"{what} is not supported by this local cloud: pipes read DynamoDB streams and SQS queues, and target event buses, Lambda functions and SQS queues.", member);

    private static string Describe(SourceKind kind) => kind == SourceKind.DynamoDbStream ? "DynamoDB stream" : "SQS queue";

    private static string Describe(TargetKind kind) => kind switch
    {
        TargetKind.EventBus => "an event bus",
        TargetKind.Lambda => "a Lambda function",
        _ => "an SQS queue",
    };

    [GeneratedRegex("^[\\.\\-_A-Za-z0-9]+$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^" + ArnPattern + "$")]
    private static partial Regex ArnRegex();

    [GeneratedRegex("^" + RoleArnPattern + "$")]
    private static partial Regex RoleArnRegex();

    [GeneratedRegex("^" + EndpointIdPattern + "$")]
    private static partial Regex EndpointIdRegex();

    [GeneratedRegex("^table/[^/]+/stream/.+$")]
    private static partial Regex StreamResourceRegex();
}
