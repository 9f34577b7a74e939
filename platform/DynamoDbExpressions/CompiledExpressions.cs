using DynamoDbExpressions.Internal;

namespace DynamoDbExpressions;

/// <summary>The expressions of one request after DynamoDB's validation, in the order DynamoDB performs it.</summary>
public sealed class CompiledExpressions
{
    private static readonly ExpressionCache SharedCache = new();

    private CompiledExpressions()
    {
    }

    public ConditionExpression? Condition { get; private set; }

    public ConditionExpression? Filter { get; private set; }

    public KeyConditionExpression? KeyCondition { get; private set; }

    public ProjectionExpression? Projection { get; private set; }

    public UpdateExpression? Update { get; private set; }

    /// <summary>
    /// Validates a request's expressions against its ExpressionAttributeNames and ExpressionAttributeValues.
    /// Parsing is cached by text in <paramref name="cache"/> (a process-wide cache when null).
    /// </summary>
    /// <exception cref="DynamoDbValidationException">The request is invalid; the message is DynamoDB's.</exception>
    public static CompiledExpressions Compile(ExpressionRequest request, ExpressionCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        cache ??= SharedCache;
        RequestRules.CheckParameterMix(request);
        var names = request.ExpressionAttributeNames ?? EmptyNames;
        var values = request.ExpressionAttributeValues ?? EmptyValues;
        RequestRules.CheckPlaceholderKeys(request);

        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        var usedValues = new HashSet<string>(StringComparer.Ordinal);
        var binder = new Binder(names, values, usedNames, usedValues);
        var compiled = new CompiledExpressions();
        KeyConditionSyntaxHolder? keyCondition = null;

        if (request.UpdateExpression is { } update)
        {
            var parsed = Parse(cache, ExpressionKind.Update, update);
            var error = binder.BindUpdate((UpdateSyntax)parsed.Syntax!, parsed.RedundantParentheses, out var actions);
            Throw(ExpressionKind.Update, error);
            compiled.Update = new UpdateExpression(actions!);
        }

        if (request.ConditionExpression is { } condition)
        {
            compiled.Condition = BindCondition(cache, binder, ExpressionKind.Condition, condition, out _);
        }

        if (request.KeyConditionExpression is { } key)
        {
            var bound = BindCondition(cache, binder, ExpressionKind.KeyCondition, key, out var syntax);
            keyCondition = new KeyConditionSyntaxHolder(syntax, bound);
        }

        if (request.FilterExpression is { } filter)
        {
            compiled.Filter = BindCondition(cache, binder, ExpressionKind.Filter, filter, out _);
        }

        if (request.ProjectionExpression is { } projection)
        {
            var parsed = Parse(cache, ExpressionKind.Projection, projection);
            var error = binder.BindProjection((PathSyntax[])parsed.Syntax!, out var paths);
            Throw(ExpressionKind.Projection, error);
            compiled.Projection = new ProjectionExpression(paths!);
        }

        RequestRules.CheckUnused(names, usedNames, values, usedValues);

        if (keyCondition is not null)
        {
            compiled.KeyCondition = KeyConditionExpression.Create(keyCondition.Syntax, names, values);
        }

        return compiled;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyNames = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, AttributeValue> EmptyValues = new Dictionary<string, AttributeValue>();

    private static ConditionExpression BindCondition(ExpressionCache cache, Binder binder, ExpressionKind kind, string text, out ConditionSyntax syntax)
    {
        var parsed = Parse(cache, kind, text);
        syntax = (ConditionSyntax)parsed.Syntax!;
        var first = binder.PathAttributes.Count;
        var error = binder.BindCondition(syntax, parsed.RedundantParentheses, out var bound);
        Throw(kind, error);
        return new ConditionExpression(bound!, binder.PathAttributes.Skip(first).Distinct(StringComparer.Ordinal).ToArray());
    }

    private static ParsedExpression Parse(ExpressionCache cache, ExpressionKind kind, string text)
    {
        var parsed = cache.GetOrParse(kind, text);
        Throw(kind, parsed.Error);
        return parsed;
    }

    private static void Throw(ExpressionKind kind, string? error)
    {
        if (error is not null)
        {
            throw new DynamoDbValidationException("Invalid " + ParsedExpression.ParameterName(kind) + ": " + error);
        }
    }

    private sealed record KeyConditionSyntaxHolder(ConditionSyntax Syntax, ConditionExpression Bound);
}
