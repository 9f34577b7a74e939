using LocalCloud.Core.Hosting;

namespace LocalCloud.Scheduler;

/// <summary>Scheduler's AWS error codes (botocore <c>scheduler</c> 2021-06-30) with their statuses and messages.</summary>
internal static class SchedulerErrors
{
    public static ServiceException Validation(string message) => new("ValidationException", message, 400);

    public static ServiceException NotFound(string message) => new("ResourceNotFoundException", message, 404);

    public static ServiceException Conflict(string message) => new("ConflictException", message, 409);

    public static ServiceException ScheduleNotFound(string name) => NotFound($"Schedule {name} does not exist.");

    public static ServiceException GroupNotFound(string name) => NotFound($"Schedule group {name} does not exist.");

    public static ServiceException ScheduleExists(string name) => Conflict($"Schedule {name} already exists.");

    public static ServiceException GroupExists(string name) => Conflict($"Schedule group {name} already exists.");

    public static ServiceException InvalidExpression(string expression) => Validation($"Invalid Schedule Expression {expression}.");

    public static ServiceException InvalidNextToken() => Validation("Invalid NextToken.");
}
