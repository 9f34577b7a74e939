using System.Text.Json;
using DynamoDbExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.DynamoDb.Wire;

namespace LocalCloud.DynamoDb;

/// <summary>DynamoDB's error codes, in the namespaced form its awsJson1_0 bodies carry, and its messages.</summary>
internal static class DynamoDbErrors
{
    private const string Service = "com.amazonaws.dynamodb.v20120810#";

    public static ServiceException Validation(string message) => new("com.amazon.coral.validate#ValidationException", message);

    public static ServiceException From(DynamoDbValidationException exception) => Validation(exception.Message);

    public static ServiceException Serialization(string message) => new("com.amazon.coral.service#SerializationException", message);

    /// <summary>PutItem, UpdateItem and DeleteItem wrap value validation in the model-validation envelope.</summary>
    public static ServiceException WrappedValidation(string message) => Validation("1 validation error detected: " + message);

    public static ServiceException InvalidParameter(string message) =>
        Validation("One or more parameter values were invalid: " + message);

    public static ServiceException ResourceNotFound() =>
        new(Service + "ResourceNotFoundException", "Requested resource not found");

    public static ServiceException TableNotFound(string name) =>
        new(Service + "ResourceNotFoundException", $"Requested resource not found: Table: {name} not found");

    public static ServiceException ResourceArnNotFound(string arn) =>
        new(Service + "ResourceNotFoundException", $"Requested resource not found: ResourcArn: {arn} not found");

    public static ServiceException TableInUse(string name) =>
        new(Service + "ResourceInUseException", $"Table already exists: {name}");

    public static ServiceException ResourceInUse(string message) => new(Service + "ResourceInUseException", message);

    public static ServiceException DeletionProtected(string arn) =>
        Validation($"Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first. TableArn: {arn}");

    public static ServiceException ConditionalCheckFailed(IReadOnlyDictionary<string, AttributeValue>? item) =>
        new(Service + "ConditionalCheckFailedException", "The conditional request failed")
        {
            WriteExtraMembers = item is null ? null : writer =>
            {
                writer.WritePropertyName("Item");
                AttributeValueJson.WriteItem(writer, item);
            },
        };

    public static ServiceException TransactionCanceled(IReadOnlyList<CancellationReasonWire> reasons) =>
        new(Service + "TransactionCanceledException",
            $"Transaction cancelled, please refer cancellation reasons for specific reasons [{string.Join(", ", reasons.Select(r => r.Code))}]")
        {
            WriteExtraMembers = writer =>
            {
                writer.WritePropertyName("CancellationReasons");
                writer.WriteStartArray();
                foreach (var reason in reasons)
                {
                    JsonSerializer.Serialize(writer, reason, DynamoDbJsonContext.Default.CancellationReasonWire);
                }

                writer.WriteEndArray();
            },
        };

    public static ServiceException TransactionConflict() =>
        new(Service + "TransactionConflictException", "Transaction is ongoing for the item");

    public static ServiceException IdempotentParameterMismatch() =>
        new(Service + "IdempotentParameterMismatchException",
            "Request with the same client token was previously made with different parameters.");

    public static ServiceException ItemCollectionSizeLimitExceeded() =>
        new(Service + "ItemCollectionSizeLimitExceededException", "Item collection size limit exceeded");

    public static ServiceException LimitExceeded(string message) => new(Service + "LimitExceededException", message);
}
