namespace DynamoDbExpressions;

/// <summary>The DynamoDB operation a request belongs to; it decides which parameters may be mixed.</summary>
public enum ExpressionOperation
{
    GetItem,
    BatchGetItem,
    PutItem,
    DeleteItem,
    UpdateItem,
    Query,
    Scan,

    /// <summary>A <c>ConditionCheck</c> entry of TransactWriteItems.</summary>
    ConditionCheck,
}

/// <summary>The expression parameters of one request, as it arrived.</summary>
public sealed class ExpressionRequest
{
    public ExpressionOperation Operation { get; init; }

    public string? ConditionExpression { get; init; }

    public string? FilterExpression { get; init; }

    public string? KeyConditionExpression { get; init; }

    public string? ProjectionExpression { get; init; }

    public string? UpdateExpression { get; init; }

    public IReadOnlyDictionary<string, string>? ExpressionAttributeNames { get; init; }

    public IReadOnlyDictionary<string, AttributeValue>? ExpressionAttributeValues { get; init; }

    /// <summary>
    /// Names of the legacy parameters present in the request (<c>Expected</c>, <c>AttributeUpdates</c>,
    /// <c>KeyConditions</c>, <c>QueryFilter</c>, <c>ScanFilter</c>, <c>AttributesToGet</c>, <c>ConditionalOperator</c>).
    /// </summary>
    public IReadOnlyCollection<string> LegacyParameters { get; init; } = [];
}
