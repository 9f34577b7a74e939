using LocalCloud.Core.Hosting;

namespace LocalCloud.EventBridge;

/// <summary>EventBridge's AWS error codes and messages (buses, rules, targets, archives and replays).</summary>
internal static class EventBridgeErrors
{
    public static AwsServiceException BusNotFound(string bus) => NotFound($"Event bus {bus} does not exist.");

    public static AwsServiceException RuleNotFound(string rule, string bus) => NotFound($"Rule {rule} does not exist on EventBus {bus}.");

    public static AwsServiceException ArchiveNotFound(string archive) => NotFound($"Archive {archive} does not exist.");

    public static AwsServiceException ReplayNotFound(string replay) => NotFound($"Replay {replay} does not exist.");

    public static AwsServiceException BusAlreadyExists(string bus) => AlreadyExists($"Event bus {bus} already exists.");

    public static AwsServiceException ArchiveAlreadyExists(string archive) => AlreadyExists($"Archive {archive} already exists.");

    public static AwsServiceException ReplayAlreadyExists(string replay) => AlreadyExists($"Replay {replay} already exists.");

    public static AwsServiceException InvalidEventPattern(string? reason) => new("InvalidEventPatternException", reason ?? "Event pattern is not valid.");

    public static AwsServiceException ManagedRule(string message) => new("ManagedRuleException", message);

    public static AwsServiceException LimitExceeded(string message) => new("LimitExceededException", message);

    public static AwsServiceException IllegalStatus(string message) => new("IllegalStatusException", message);

    public static AwsServiceException InvalidNextToken() => AwsServiceException.Validation("The NextToken provided is invalid.");

    private static AwsServiceException NotFound(string message) => new("ResourceNotFoundException", message);

    private static AwsServiceException AlreadyExists(string message) => new("ResourceAlreadyExistsException", message);
}
