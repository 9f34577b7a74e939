using LocalCloud.Core.Hosting;


namespace LocalCloud.Sqs;

internal static class SqsErrors
{
    public static ServiceException NonExistentQueue() =>
        Error("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist.");

    public static ServiceException QueueAlreadyExists(string attribute) =>
        Error("QueueNameExists", "QueueAlreadyExists", $"A queue already exists with the same name and a different value for attribute {attribute}");

    public static ServiceException QueueDeletedRecently() =>
        Error("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", "You must wait 60 seconds after deleting a queue before you can create another with the same name.");

    public static ServiceException PurgeInProgress(string queueUrl) =>
        Error("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", $"Only one PurgeQueue operation on {queueUrl} is allowed every 60 seconds.", 403);

    public static ServiceException ReceiptHandleIsInvalid(string handle) =>
        Error("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", $"The input receipt handle \"{handle}\" is not a valid receipt handle.", 404);

    public static ServiceException MessageNotInflight() =>
        Error("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", "Message does not exist or is not available for visibility timeout change.");

    public static ServiceException InvalidAttributeName(string name) =>
        Error("InvalidAttributeName", "InvalidAttributeName", $"Unknown Attribute {name}.");

    public static ServiceException InvalidAttributeValue(string message) =>
        Error("InvalidAttributeValue", "InvalidAttributeValue", message);

    public static ServiceException InvalidParameterValue(string message) =>
        Error("InvalidParameterValueException", "InvalidParameterValue", message);

    public static ServiceException MissingParameter(string name) =>
        Error("MissingRequiredParameterException", "MissingParameter", $"The request must contain the parameter {name}.");

    public static ServiceException InvalidMessageContents(string message) =>
        Error("InvalidMessageContents", "InvalidMessageContents", message);

    public static ServiceException TooManyEntries(int count) =>
        Error("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", $"Maximum number of entries per request are 10. You have sent {count}.");

    public static ServiceException EmptyBatch() =>
        Error("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", "There should be at least one SendMessageBatchRequestEntry in the request.");

    public static ServiceException EmptyBatch(string entryType) =>
        Error("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", $"There should be at least one {entryType} in the request.");

    public static ServiceException IdsNotDistinct(string id) =>
        Error("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", $"Id {id} repeated.");

    public static ServiceException InvalidBatchEntryId() =>
        Error("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");

    public static ServiceException BatchRequestTooLong(int size, int max) =>
        Error("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", $"Batch requests cannot be longer than {max} bytes. You have sent {size} bytes.");

    public static ServiceException UnsupportedOperation(string message) =>
        Error("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", message);

    private static ServiceException Error(string code, string queryCode, string message, int status = 400) =>
        new(code, message, status) { QueryErrorCode = queryCode };
}
