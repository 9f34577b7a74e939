using System.Collections.Concurrent;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Ports;
using LocalCloud.HttpApi.Model;
using Microsoft.Extensions.Logging;

namespace LocalCloud.HttpApi.Gateway;

/// <summary>
/// Lambda (REQUEST) authorizers as HTTP APIs run them: every identity source must be present (else 401 without a
/// call), the function gets the format 1.0 or 2.0 authorizer event, and answers a simple response
/// (<c>isAuthorized</c>, <c>context</c>) or an IAM policy (<c>principalId</c>, <c>policyDocument</c>, <c>context</c>)
/// that must allow <c>execute-api:Invoke</c> on the route's ARN. Results are cached per authorizer and identity for
/// <c>AuthorizerResultTtlInSeconds</c> on the local cloud's clock. A failing or unreadable authorizer is a 500.
/// </summary>
internal sealed partial class LambdaAuthorizer(IServiceProvider services, TimeProvider time, ILogger<LambdaAuthorizer> logger)
{
    private const int MaxCacheEntries = 10_000;

    private readonly ConcurrentDictionary<string, CachedAnswer> _cache = new(StringComparer.Ordinal);

    public async Task<AuthorizationResult> AuthorizeAsync(
        string apiId, string stage, AuthorizerRecord authorizer, ProxyRequest request, IReadOnlyList<string>? identity, CancellationToken cancellationToken)
    {
        if (identity is null)
        {
            return AuthorizationResult.Deny(GatewayResponse.Unauthorized());
        }

        var ttl = authorizer.AuthorizerResultTtlInSeconds ?? 0;
        var cacheKey = ttl > 0 && identity.Count > 0 ? $"{apiId}/{stage}/{authorizer.AuthorizerId}/{string.Join('\u0001', identity)}" : null;
        var now = time.GetUtcNow();
        if (cacheKey is not null && _cache.TryGetValue(cacheKey, out var cached) && cached.Expires > now)
        {
            return Evaluate(authorizer, cached.Answer, request.RouteArn);
        }

        var functionArn = RouteKeys.FunctionArn(authorizer.AuthorizerUri);
        if (services.GetService(typeof(IFunctionPort)) is not IFunctionPort functions || functionArn is null)
        {
            LogNoFunction(logger, authorizer.AuthorizerId, authorizer.AuthorizerUri);
            return AuthorizationResult.Deny(GatewayResponse.InternalServerError());
        }

        var sourceArn = request.Scope.Arn("execute-api", $"{apiId}/authorizers/{authorizer.AuthorizerId}");
        if (!functions.IsInvokeAllowed(functionArn, "apigateway.amazonaws.com", sourceArn, request.Scope.AccountId))
        {
            LogNotPermitted(logger, authorizer.AuthorizerId, functionArn, sourceArn);
            return AuthorizationResult.Deny(GatewayResponse.InternalServerError());
        }

        var payload = authorizer.AuthorizerPayloadFormatVersion == "1.0"
            ? ProxyPayloads.AuthorizerV1(request, identity)
            : ProxyPayloads.AuthorizerV2(request, identity);
        FunctionResult result;
        using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            result = await functions.InvokeAsync(functionArn, payload, new FunctionInvokeOptions { Caller = "apigateway" }, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, authorizer.AuthorizerId, "timed out after 10 s");
            return AuthorizationResult.Deny(GatewayResponse.InternalServerError());
        }
        catch (ServiceException ex)
        {
            LogFailed(logger, authorizer.AuthorizerId, $"{ex.Code}: {ex.Message}");
            return AuthorizationResult.Deny(GatewayResponse.InternalServerError());
        }

        if (!result.Succeeded)
        {
            LogFailed(logger, authorizer.AuthorizerId, "function error " + result.FunctionError);
            return AuthorizationResult.Deny(GatewayResponse.InternalServerError());
        }

        Answer answer;
        try
        {
            answer = Read(authorizer, result.Payload);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or InvalidOperationException)
        {
            LogFailed(logger, authorizer.AuthorizerId, "unreadable response: " + ex.Message);
            return AuthorizationResult.Deny(GatewayResponse.InternalServerError());
        }

        if (cacheKey is not null)
        {
            if (_cache.Count >= MaxCacheEntries)
            {
                _cache.Clear();
            }

            _cache[cacheKey] = new CachedAnswer(answer, now.AddSeconds(ttl));
        }

        return Evaluate(authorizer, answer, request.RouteArn);
    }

    private static AuthorizationResult Evaluate(AuthorizerRecord authorizer, Answer answer, string routeArn)
    {
        var allowed = authorizer.EnableSimpleResponses == true
            ? answer.IsAuthorized
            : answer.Statements.Any(s => s.Allow && s.Matches(routeArn)) && !answer.Statements.Any(s => !s.Allow && s.Matches(routeArn));
        return allowed
            ? AuthorizationResult.Allow(AuthorizerContext.Lambda(answer.Context, answer.PrincipalId))
            : AuthorizationResult.Deny(GatewayResponse.Forbidden());
    }

    private static Answer Read(AuthorizerRecord authorizer, ReadOnlyMemory<byte> payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("the response is not a JSON object");
        }

        JsonElement? context = root.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c.Clone() : null;
        if (authorizer.EnableSimpleResponses == true)
        {
            var authorized = root.TryGetProperty("isAuthorized", out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? flag.GetBoolean()
                : throw new InvalidDataException("isAuthorized is missing or not a boolean");
            return new Answer(authorized, context, null, []);
        }

        var principal = root.TryGetProperty("principalId", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        if (!root.TryGetProperty("policyDocument", out var policy) || policy.ValueKind != JsonValueKind.Object
            || !policy.TryGetProperty("Statement", out var statementsElement))
        {
            throw new InvalidDataException("policyDocument.Statement is missing");
        }

        var statements = new List<Statement>();
        foreach (var statement in statementsElement.ValueKind == JsonValueKind.Array ? statementsElement.EnumerateArray() : Enumerable.Repeat(statementsElement, 1))
        {
            var effect = statement.GetProperty("Effect").GetString();
            var actions = Strings(statement, "Action");
            if (!actions.Exists(a => a is "execute-api:Invoke" or "execute-api:*" or "*"))
            {
                continue;
            }

            statements.Add(new Statement(string.Equals(effect, "Allow", StringComparison.OrdinalIgnoreCase), Strings(statement, "Resource")));
        }

        return new Answer(false, context, principal, statements);
    }

    private static List<string> Strings(JsonElement statement, string name) =>
        !statement.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString() ?? "")]
        : [value.GetString() ?? ""];

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP API authorizer {AuthorizerId}: no function for {Uri}; answered 500")]
    private static partial void LogNoFunction(ILogger logger, string authorizerId, string? uri);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP API authorizer {AuthorizerId}: {FunctionArn} does not allow apigateway.amazonaws.com from {SourceArn} (add a lambda:InvokeFunction permission); answered 500")]
    private static partial void LogNotPermitted(ILogger logger, string authorizerId, string functionArn, string sourceArn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP API authorizer {AuthorizerId} failed: {Reason}; answered 500")]
    private static partial void LogFailed(ILogger logger, string authorizerId, string reason);

    private sealed record Answer(bool IsAuthorized, JsonElement? Context, string? PrincipalId, IReadOnlyList<Statement> Statements);

    private sealed record CachedAnswer(Answer Answer, DateTimeOffset Expires);

    private sealed record Statement(bool Allow, IReadOnlyList<string> Resources)
    {
        public bool Matches(string arn) => Resources.Any(r => Wildcard(r, arn));

        private static bool Wildcard(string pattern, string text)
        {
            int p = 0, t = 0, star = -1, mark = 0;
            while (t < text.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
                {
                    p++;
                    t++;
                }
                else if (p < pattern.Length && pattern[p] == '*')
                {
                    star = p++;
                    mark = t;
                }
                else if (star >= 0)
                {
                    p = star + 1;
                    t = ++mark;
                }
                else
                {
                    return false;
                }
            }

            while (p < pattern.Length && pattern[p] == '*')
            {
                p++;
            }

            return p == pattern.Length;
        }
    }
}
