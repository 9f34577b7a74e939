using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Aws.Internal;

namespace Aws.EventBridge;

/// <summary>
/// A thin EventBridge client (awsJson1_1, <c>X-Amz-Target: AWSEvents.&lt;Operation&gt;</c>), signed with
/// SigV4 for the signing name <c>events</c>. A <c>PutEvents</c> answer with <c>FailedEntryCount &gt; 0</c>
/// is not an exception: check each entry.
/// </summary>
public sealed class EventBridgeClient : IDisposable
{
    private const string MediaType = "application/x-amz-json-1.1";
    private static readonly EventBridgeJsonContext Json = EventBridgeJsonContext.Default;
    private readonly AwsTransport _transport;

    public EventBridgeClient(AwsClientOptions? options = null)
    {
        _transport = new AwsTransport(AwsService.EventBridge, options);
    }

    /// <summary>The endpoint the client talks to.</summary>
    public Uri Endpoint => _transport.Endpoint;

    /// <summary>The signing region.</summary>
    public string Region => _transport.Region.SystemName;

    public Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("PutEvents", request, Json.PutEventsRequest, Json.PutEventsResponse, cancellationToken);

    public Task<CreateEventBusResponse> CreateEventBusAsync(CreateEventBusRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("CreateEventBus", request, Json.CreateEventBusRequest, Json.CreateEventBusResponse, cancellationToken);

    public Task<DescribeEventBusResponse> DescribeEventBusAsync(DescribeEventBusRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DescribeEventBus", request, Json.DescribeEventBusRequest, Json.DescribeEventBusResponse, cancellationToken);

    public Task<ListEventBusesResponse> ListEventBusesAsync(ListEventBusesRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("ListEventBuses", request, Json.ListEventBusesRequest, Json.ListEventBusesResponse, cancellationToken);

    public Task DeleteEventBusAsync(DeleteEventBusRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DeleteEventBus", request, Json.DeleteEventBusRequest, Json.EmptyResponse, cancellationToken);

    public Task<PutRuleResponse> PutRuleAsync(PutRuleRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("PutRule", request, Json.PutRuleRequest, Json.PutRuleResponse, cancellationToken);

    public Task<DescribeRuleResponse> DescribeRuleAsync(RuleRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DescribeRule", request, Json.RuleRequest, Json.DescribeRuleResponse, cancellationToken);

    public Task<ListRulesResponse> ListRulesAsync(ListRulesRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("ListRules", request, Json.ListRulesRequest, Json.ListRulesResponse, cancellationToken);

    public Task DeleteRuleAsync(DeleteRuleRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DeleteRule", request, Json.DeleteRuleRequest, Json.EmptyResponse, cancellationToken);

    public Task EnableRuleAsync(RuleRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("EnableRule", request, Json.RuleRequest, Json.EmptyResponse, cancellationToken);

    public Task DisableRuleAsync(RuleRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("DisableRule", request, Json.RuleRequest, Json.EmptyResponse, cancellationToken);

    public Task<ListRuleNamesByTargetResponse> ListRuleNamesByTargetAsync(ListRuleNamesByTargetRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("ListRuleNamesByTarget", request, Json.ListRuleNamesByTargetRequest, Json.ListRuleNamesByTargetResponse, cancellationToken);

    public Task<TargetsResponse> PutTargetsAsync(PutTargetsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("PutTargets", request, Json.PutTargetsRequest, Json.TargetsResponse, cancellationToken);

    public Task<TargetsResponse> RemoveTargetsAsync(RemoveTargetsRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("RemoveTargets", request, Json.RemoveTargetsRequest, Json.TargetsResponse, cancellationToken);

    public Task<ListTargetsByRuleResponse> ListTargetsByRuleAsync(ListTargetsByRuleRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("ListTargetsByRule", request, Json.ListTargetsByRuleRequest, Json.ListTargetsByRuleResponse, cancellationToken);

    public Task<TestEventPatternResponse> TestEventPatternAsync(TestEventPatternRequest request, CancellationToken cancellationToken = default) =>
        InvokeAsync("TestEventPattern", request, Json.TestEventPatternRequest, Json.TestEventPatternResponse, cancellationToken);

    /// <summary>Every rule of a bus (optionally with a name prefix), following <c>NextToken</c>.</summary>
    public async IAsyncEnumerable<Rule> ListAllRulesAsync(string? eventBusName = null, string? namePrefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListRulesAsync(new ListRulesRequest { EventBusName = eventBusName, NamePrefix = namePrefix, NextToken = token }, cancellationToken);
            foreach (var rule in page.Rules)
            {
                yield return rule;
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    /// <summary>Every target of a rule, following <c>NextToken</c>.</summary>
    public async IAsyncEnumerable<Target> ListAllTargetsByRuleAsync(string rule, string? eventBusName = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await ListTargetsByRuleAsync(new ListTargetsByRuleRequest { Rule = rule, EventBusName = eventBusName, NextToken = token }, cancellationToken);
            foreach (var target in page.Targets)
            {
                yield return target;
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    public void Dispose() => _transport.Dispose();

    private async Task<TResponse> InvokeAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var answer = await _transport.SendAsync(
            () =>
            {
                var message = new HttpRequestMessage(HttpMethod.Post, "") { Content = AwsTransport.Content(body, MediaType) };
                message.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSEvents." + operation);
                return message;
            },
            cancellationToken);
        return AwsTransport.Deserialize(answer, responseType);
    }
}
