namespace DynamoDbExpressions;

/// <summary>
/// A request DynamoDB rejects with <c>ValidationException</c>; <see cref="Exception.Message"/> is DynamoDB's exact text.
/// </summary>
public sealed class DynamoDbValidationException : Exception
{
    public DynamoDbValidationException()
    {
    }

    public DynamoDbValidationException(string message)
        : base(message)
    {
    }

    public DynamoDbValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
