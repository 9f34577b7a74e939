namespace DynamoDbExpressions.Internal;

/// <summary>Request-level rules around expressions: legacy parameters, placeholder keys, unused placeholders.</summary>
internal static class RequestRules
{
    public static void CheckParameterMix(ExpressionRequest request)
    {
        var (expressions, legacy) = Parameters(request.Operation);
        var present = new List<string>(expressions.Length);
        foreach (var name in expressions)
        {
            if (ExpressionValue(request, name) is not null)
            {
                present.Add(name);
            }
        }

        if (present.Count > 0 && request.LegacyParameters.Count > 0)
        {
            var mixed = legacy.Where(request.LegacyParameters.Contains).ToList();

            // KeyConditions may accompany filter and projection expressions when there is no KeyConditionExpression.
            if (request.KeyConditionExpression is null)
            {
                mixed.Remove("KeyConditions");
            }

            if (mixed.Count > 0)
            {
                throw new DynamoDbValidationException(
                    "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {"
                    + string.Join(", ", mixed) + "} Expression parameters: {" + string.Join(", ", present) + "}");
            }
        }

        if (request.ExpressionAttributeNames is not null && present.Count == 0)
        {
            throw new DynamoDbValidationException("ExpressionAttributeNames can only be specified when using expressions");
        }

        if (request.ExpressionAttributeValues is null)
        {
            return;
        }

        var valueExpressions = expressions.Where(e => e != "ProjectionExpression").ToList();
        if (valueExpressions.Count > 0 && valueExpressions.All(e => ExpressionValue(request, e) is null))
        {
            // The current layer stops after "expressions"; the older one names the expressions that are missing.
            const string Message = "ExpressionAttributeValues can only be specified when using expressions";
            throw new DynamoDbValidationException(Layer(request.Operation) == ValidationLayer.Current
                ? Message
                : Message + ": " + string.Join(" and ", valueExpressions) + (valueExpressions.Count > 1 ? " are null" : " is null"));
        }
    }

    public static void CheckPlaceholderKeys(ExpressionRequest request)
    {
        if (request.ExpressionAttributeNames is { } names)
        {
            if (names.Count == 0)
            {
                throw new DynamoDbValidationException("ExpressionAttributeNames must not be empty");
            }

            foreach (var key in names.Keys)
            {
                if (!IsPlaceholder(key, '#'))
                {
                    throw new DynamoDbValidationException("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
                }
            }
        }

        if (request.ExpressionAttributeValues is { } values)
        {
            if (values.Count == 0)
            {
                throw new DynamoDbValidationException("ExpressionAttributeValues must not be empty");
            }

            foreach (var key in values.Keys)
            {
                if (!IsPlaceholder(key, ':'))
                {
                    throw new DynamoDbValidationException("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
                }
            }
        }
    }

    public static void CheckUnused(IReadOnlyDictionary<string, string> names, HashSet<string> usedNames, IReadOnlyDictionary<string, AttributeValue> values, HashSet<string> usedValues)
    {
        if (names.Count == usedNames.Count && values.Count == usedValues.Count)
        {
            return;
        }

        var unusedNames = names.Keys.Where(k => !usedNames.Contains(k)).ToList();
        if (unusedNames.Count > 0)
        {
            throw new DynamoDbValidationException("Value provided in ExpressionAttributeNames unused in expressions: keys: {" + string.Join(", ", unusedNames) + "}");
        }

        var unusedValues = values.Keys.Where(k => !usedValues.Contains(k)).ToList();
        if (unusedValues.Count > 0)
        {
            throw new DynamoDbValidationException("Value provided in ExpressionAttributeValues unused in expressions: keys: {" + string.Join(", ", unusedValues) + "}");
        }
    }

    private static bool IsPlaceholder(string key, char prefix)
    {
        if (key.Length < 2 || key[0] != prefix)
        {
            return false;
        }

        for (var i = 1; i < key.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(key[i]) || key[i] == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The validation layer DynamoDB runs for an operation.</summary>
    public static ValidationLayer Layer(ExpressionOperation operation) =>
        operation is ExpressionOperation.Scan or ExpressionOperation.ConditionCheck ? ValidationLayer.Older : ValidationLayer.Current;

    private static string? ExpressionValue(ExpressionRequest request, string name) => name switch
    {
        "ConditionExpression" => request.ConditionExpression,
        "FilterExpression" => request.FilterExpression,
        "KeyConditionExpression" => request.KeyConditionExpression,
        "ProjectionExpression" => request.ProjectionExpression,
        "UpdateExpression" => request.UpdateExpression,
        _ => null,
    };

    private static (string[] Expressions, string[] Legacy) Parameters(ExpressionOperation operation) => operation switch
    {
        ExpressionOperation.GetItem or ExpressionOperation.BatchGetItem => (["ProjectionExpression"], ["AttributesToGet"]),
        ExpressionOperation.PutItem or ExpressionOperation.DeleteItem => (["ConditionExpression"], ["Expected"]),
        ExpressionOperation.UpdateItem => (["UpdateExpression", "ConditionExpression"], ["AttributeUpdates", "Expected"]),
        ExpressionOperation.Query => (["ProjectionExpression", "FilterExpression", "KeyConditionExpression"], ["AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"]),
        ExpressionOperation.Scan => (["ProjectionExpression", "FilterExpression"], ["AttributesToGet", "ScanFilter", "ConditionalOperator"]),
        _ => (["ConditionExpression"], []),
    };
}
