using Microsoft.AspNetCore.Http;

namespace LocalCloud.HttpApi.Gateway;

/// <summary>Identity source selection expressions of HTTP API authorizers: <c>$request.header.NAME</c>,
/// <c>$request.querystring.NAME</c>, <c>$context.NAME</c> and <c>$stageVariables.NAME</c>.</summary>
internal static class IdentitySources
{
    private const string Header = "$request.header.";
    private const string Query = "$request.querystring.";
    private const string Context = "$context.";
    private const string StageVariables = "$stageVariables.";

    public static bool IsValid(string source) =>
        (source.StartsWith(Header, StringComparison.Ordinal) && source.Length > Header.Length)
        || (source.StartsWith(Query, StringComparison.Ordinal) && source.Length > Query.Length)
        || (source.StartsWith(Context, StringComparison.Ordinal) && source.Length > Context.Length)
        || (source.StartsWith(StageVariables, StringComparison.Ordinal) && source.Length > StageVariables.Length);

    /// <summary>The value the expression selects from the request, or null when it is missing or empty.</summary>
    public static string? Evaluate(string source, HttpRequest request, IReadOnlyDictionary<string, string> stageVariables, Func<string, string?> context)
    {
        string? value = null;
        if (source.StartsWith(Header, StringComparison.Ordinal))
        {
            value = request.Headers.TryGetValue(source[Header.Length..], out var values) ? string.Join(',', values.ToArray()) : null;
        }
        else if (source.StartsWith(Query, StringComparison.Ordinal))
        {
            value = request.Query.TryGetValue(source[Query.Length..], out var values) ? string.Join(',', values.ToArray()) : null;
        }
        else if (source.StartsWith(Context, StringComparison.Ordinal))
        {
            value = context(source[Context.Length..]);
        }
        else if (source.StartsWith(StageVariables, StringComparison.Ordinal))
        {
            value = stageVariables.GetValueOrDefault(source[StageVariables.Length..]);
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }
}
