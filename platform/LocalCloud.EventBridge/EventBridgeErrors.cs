using LocalCloud.Core.Hosting;

namespace LocalCloud.EventBridge;

/// <summary>EventBridge's AWS error codes and messages (buses, rules, targets, archives and replays).</summary>
internal static class EventBridgeErrors
{
    public static ServiceException BusNotFound(string bus) => NotFound($"Event bus {bus} does not exist.");

    public static ServiceException RuleNotFound(string rule, string bus) => NotFound($"Rule {rule} does not exist on EventBus {bus}.");

    public static ServiceException ArchiveNotFound(string archive) => NotFound($"Archive {archive} does not exist.");

    public static ServiceException ReplayNotFound(string replay) => NotFound($"Replay {replay} does not exist.");

    public static ServiceException BusAlreadyExists(string bus) => AlreadyExists($"Event bus {bus} already exists.");

    public static ServiceException ArchiveAlreadyExists(string archive) => AlreadyExists($"Archive {archive} already exists.");

    public static ServiceException ReplayAlreadyExists(string replay) => AlreadyExists($"Replay {replay} already exists.");

    public static ServiceException InvalidEventPattern(string? reason) => new("InvalidEventPatternException", reason ?? "Event pattern is not valid.");

    public static ServiceException ManagedRule(string message) => new("ManagedRuleException", message);

    public static ServiceException LimitExceeded(string message) => new("LimitExceededException", message);

    public static ServiceException IllegalStatus(string message) => new("IllegalStatusException", message);

    public static ServiceException InvalidNextToken() => ServiceException.Validation("The NextToken provided is invalid.");

    private static ServiceException NotFound(string message) => new("ResourceNotFoundException", message);

    private static ServiceException AlreadyExists(string message) => new("ResourceAlreadyExistsException", message);
}
