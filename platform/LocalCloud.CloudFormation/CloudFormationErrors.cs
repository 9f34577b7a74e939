using LocalCloud.Core.Hosting;

namespace LocalCloud.CloudFormation;

/// <summary>CloudFormation's error codes (awsQuery codes and statuses from the botocore model) and the messages
/// CloudFormation writes with them.</summary>
internal static class CloudFormationErrors
{
    public static ServiceException Validation(string message) => new("ValidationError", message);

    public static ServiceException AlreadyExists(string message) => new("AlreadyExistsException", message);

    public static ServiceException InsufficientCapabilities(string capability) =>
        new("InsufficientCapabilitiesException", $"Requires capabilities : [{capability}]");

    public static ServiceException ChangeSetNotFound(string name) => new("ChangeSetNotFound", $"ChangeSet [{name}] does not exist", 404);

    public static ServiceException InvalidChangeSetStatus(string message) => new("InvalidChangeSetStatus", message);

    public static ServiceException LimitExceeded(string message) => new("LimitExceededException", message);

    public static ServiceException StackNotFound(string nameOrId) => Validation($"Stack with id {nameOrId} does not exist");

    public static ServiceException TemplateFormat(string message) => Validation("Template format error: " + message);

    public static ServiceException TemplateError(string message) => Validation("Template error: " + message);

    public static ServiceException NoUpdates() => Validation("No updates are to be performed.");

    public static ServiceException NotUpdatable(string stackId, string status) =>
        Validation($"Stack:{stackId} is in {status} state and can not be updated.");

    public static ServiceException Constraint(string value, string member, string constraint) =>
        Validation($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");
}

/// <summary>A template or parameter problem found while evaluating a template: CloudFormation's message, raised as a
/// <c>ValidationError</c> by the API and as a status reason during a deployment.</summary>
internal sealed class TemplateException(string message) : Exception(message)
{
    public ServiceException ToServiceException() => CloudFormationErrors.Validation(Message);
}
