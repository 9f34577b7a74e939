namespace DynamoDbExpressions;

/// <summary>
/// DynamoDB checks attribute values in one of two layers, and the operation decides which; the wording of a
/// bad number or a duplicate set member differs between them (captured in four regions, October 2026).
/// </summary>
public enum ValidationLayer
{
    /// <summary>PutItem, UpdateItem, DeleteItem, GetItem, BatchGetItem and Query. (The first three wrap the
    /// message in "1 validation error detected: ", which is the service's envelope, not part of this text.)</summary>
    Current,

    /// <summary>BatchWriteItem, TransactWriteItems, TransactGetItems and Scan: dynalite's wording, and expression
    /// values inside "ExpressionAttributeValues contains invalid value: … for key :k".</summary>
    Older,
}
