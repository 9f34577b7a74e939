using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Aws.Internal;
using Aws.Schemas;

namespace Aws.Scheduler;

/// <summary>
/// A thin client for EventBridge Scheduler (restJson1: <c>/schedules/{Name}</c>, <c>/schedule-groups/{Name}</c>),
/// signed with SigV4 for the signing name <c>scheduler</c> (AWSSDK.Scheduler is not obtainable here).
/// </summary>
public sealed class SchedulerClient : IDisposable
{
    private const string MediaType = "application/json";
    private static readonly SchedulerJsonContext Json = SchedulerJsonContext.Default;
    private readonly AwsTransport _transport;

    public SchedulerClient(AwsClientOptions? options = null)
    {
        _transport = new AwsTransport(AwsService.Scheduler, options);
    }

    public Uri Endpoint => _transport.Endpoint;

    public Task<ScheduleArnResponse> CreateScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, SchedulePath(request.Name), Body(request), Json.ScheduleArnResponse, cancellationToken);
    }

    /// <summary>Replaces the whole schedule: what the request leaves out goes back to its default.</summary>
    public Task<ScheduleArnResponse> UpdateScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Put, SchedulePath(request.Name), Body(request), Json.ScheduleArnResponse, cancellationToken);
    }

    public Task<GetScheduleResponse> GetScheduleAsync(string name, string? groupName = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, SchedulePath(name) + SchemasClient.Query(("groupName", groupName)), null, Json.GetScheduleResponse, cancellationToken);

    public Task DeleteScheduleAsync(string name, string? groupName = null, string? clientToken = null, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, SchedulePath(name) + SchemasClient.Query(("groupName", groupName), ("clientToken", clientToken)), null, Json.SchedulerEmptyResponse, cancellationToken);

    public Task<ListSchedulesResponse> ListSchedulesAsync(ListSchedulesRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new ListSchedulesRequest();
        var path = "schedules" + SchemasClient.Query(
            ("ScheduleGroup", request.GroupName),
            ("NamePrefix", request.NamePrefix),
            ("State", request.State),
            ("MaxResults", request.MaxResults?.ToString(CultureInfo.InvariantCulture)),
            ("NextToken", request.NextToken));
        return SendAsync(HttpMethod.Get, path, null, Json.ListSchedulesResponse, cancellationToken);
    }

    public Task<ScheduleGroupArnResponse> CreateScheduleGroupAsync(CreateScheduleGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Json.CreateScheduleGroupRequest);
        return SendAsync(HttpMethod.Post, GroupPath(request.Name), body, Json.ScheduleGroupArnResponse, cancellationToken);
    }

    public Task<ScheduleGroupResponse> GetScheduleGroupAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, GroupPath(name), null, Json.ScheduleGroupResponse, cancellationToken);

    /// <summary>Deletes the group and every schedule in it.</summary>
    public Task DeleteScheduleGroupAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, GroupPath(name), null, Json.SchedulerEmptyResponse, cancellationToken);

    public void Dispose() => _transport.Dispose();

    internal static string SchedulePath(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return "schedules/" + Uri.EscapeDataString(name);
    }

    internal static string GroupPath(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return "schedule-groups/" + Uri.EscapeDataString(name);
    }

    private static byte[] Body(ScheduleRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, Json.ScheduleRequest);

    private async Task<TResponse> SendAsync<TResponse>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var answer = await _transport.SendAsync(
            () => new HttpRequestMessage(method, path) { Content = body is null ? null : AwsTransport.Content(body, MediaType) },
            cancellationToken);
        return AwsTransport.Deserialize(answer, responseType);
    }
}
