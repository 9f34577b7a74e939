namespace LocalCloud.CloudFormation.Engine;

/// <summary>CloudFormation's stack and resource statuses (the waiters match these names exactly).</summary>
internal static class StackStatus
{
    public const string CreateInProgress = "CREATE_IN_PROGRESS";
    public const string CreateFailed = "CREATE_FAILED";
    public const string CreateComplete = "CREATE_COMPLETE";
    public const string RollbackInProgress = "ROLLBACK_IN_PROGRESS";
    public const string RollbackFailed = "ROLLBACK_FAILED";
    public const string RollbackComplete = "ROLLBACK_COMPLETE";
    public const string DeleteInProgress = "DELETE_IN_PROGRESS";
    public const string DeleteFailed = "DELETE_FAILED";
    public const string DeleteComplete = "DELETE_COMPLETE";
    public const string DeleteSkipped = "DELETE_SKIPPED";
    public const string UpdateInProgress = "UPDATE_IN_PROGRESS";
    public const string UpdateCompleteCleanupInProgress = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS";
    public const string UpdateComplete = "UPDATE_COMPLETE";
    public const string UpdateFailed = "UPDATE_FAILED";
    public const string UpdateRollbackInProgress = "UPDATE_ROLLBACK_IN_PROGRESS";
    public const string UpdateRollbackFailed = "UPDATE_ROLLBACK_FAILED";
    public const string UpdateRollbackCompleteCleanupInProgress = "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS";
    public const string UpdateRollbackComplete = "UPDATE_ROLLBACK_COMPLETE";
    public const string ReviewInProgress = "REVIEW_IN_PROGRESS";

    public static readonly IReadOnlyList<string> All =
    [
        CreateInProgress, CreateFailed, CreateComplete, RollbackInProgress, RollbackFailed, RollbackComplete, DeleteInProgress,
        DeleteFailed, DeleteComplete, UpdateInProgress, UpdateCompleteCleanupInProgress, UpdateComplete, UpdateFailed,
        UpdateRollbackInProgress, UpdateRollbackFailed, UpdateRollbackCompleteCleanupInProgress, UpdateRollbackComplete,
        ReviewInProgress, "IMPORT_IN_PROGRESS", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_IN_PROGRESS", "IMPORT_ROLLBACK_FAILED",
        "IMPORT_ROLLBACK_COMPLETE",
    ];

    /// <summary>A status an operation is still working in (not <c>REVIEW_IN_PROGRESS</c>, which waits for a change set).</summary>
    public static bool IsInProgress(string status) => status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && status != ReviewInProgress;

    /// <summary>The statuses from which UpdateStack and an UPDATE change set may start.</summary>
    public static bool IsUpdatable(string status) =>
        status is CreateComplete or UpdateComplete or UpdateRollbackComplete or UpdateFailed;
}
