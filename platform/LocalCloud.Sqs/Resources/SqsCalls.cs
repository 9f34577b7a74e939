using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LocalCloud.Core.Hosting;
using LocalCloud.Sqs.Wire;

namespace LocalCloud.Sqs.Resources;

/// <summary>The SQS operations the resource providers make, through <see cref="SqsService"/>'s own operation table,
/// so a stack's queue is validated and answered exactly as an API call is.</summary>
internal sealed class SqsCalls(SqsService service)
{
    public async Task<string> CreateQueueAsync(RequestContext context, string name, Dictionary<string, string> attributes, Dictionary<string, string> tags, CancellationToken cancellationToken) =>
        (await CallAsync(
            "CreateQueue",
            new CreateQueueRequest { QueueName = name, Attributes = attributes, Tags = tags.Count == 0 ? null : tags },
            SqsJsonContext.Default.CreateQueueRequest,
            SqsJsonContext.Default.QueueUrlResult,
            context,
            cancellationToken)).QueueUrl!;

    /// <summary>The queue's URL, or null when it does not exist.</summary>
    public async Task<string?> FindQueueUrlAsync(RequestContext context, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await CallAsync(
                "GetQueueUrl",
                new GetQueueUrlRequest { QueueName = name },
                SqsJsonContext.Default.GetQueueUrlRequest,
                SqsJsonContext.Default.QueueUrlResult,
                context,
                cancellationToken)).QueueUrl;
        }
        catch (ServiceException error) when (IsMissingQueue(error))
        {
            return null;
        }
    }

    public async Task<Dictionary<string, string>> GetAttributesAsync(RequestContext context, string queueUrl, CancellationToken cancellationToken) =>
        (await CallAsync(
            "GetQueueAttributes",
            new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["All"] },
            SqsJsonContext.Default.GetQueueAttributesRequest,
            SqsJsonContext.Default.AttributesResult,
            context,
            cancellationToken)).Attributes ?? [];

    public Task SetAttributesAsync(RequestContext context, string queueUrl, Dictionary<string, string> attributes, CancellationToken cancellationToken) =>
        CallAsync(
            "SetQueueAttributes",
            new SetQueueAttributesRequest { QueueUrl = queueUrl, Attributes = attributes },
            SqsJsonContext.Default.SetQueueAttributesRequest,
            SqsJsonContext.Default.AttributesResult,
            context,
            cancellationToken);

    public async Task<Dictionary<string, string>> ListTagsAsync(RequestContext context, string queueUrl, CancellationToken cancellationToken) =>
        (await CallAsync(
            "ListQueueTags",
            new QueueUrlRequest { QueueUrl = queueUrl },
            SqsJsonContext.Default.QueueUrlRequest,
            SqsJsonContext.Default.TagsResult,
            context,
            cancellationToken)).Tags ?? [];

    /// <summary>Makes the queue's tags <paramref name="desired"/>: removes the others, adds and changes the rest.</summary>
    public async Task ReplaceTagsAsync(RequestContext context, string queueUrl, Dictionary<string, string> desired, CancellationToken cancellationToken)
    {
        var current = await ListTagsAsync(context, queueUrl, cancellationToken);
        var removed = current.Keys.Where(k => !desired.ContainsKey(k)).ToList();
        if (removed.Count > 0)
        {
            await CallAsync(
                "UntagQueue",
                new UntagQueueRequest { QueueUrl = queueUrl, TagKeys = removed },
                SqsJsonContext.Default.UntagQueueRequest,
                SqsJsonContext.Default.TagsResult,
                context,
                cancellationToken);
        }

        var changed = desired.Where(t => !current.TryGetValue(t.Key, out var value) || value != t.Value).ToDictionary(StringComparer.Ordinal);
        if (changed.Count > 0)
        {
            await CallAsync(
                "TagQueue",
                new TagQueueRequest { QueueUrl = queueUrl, Tags = changed },
                SqsJsonContext.Default.TagQueueRequest,
                SqsJsonContext.Default.TagsResult,
                context,
                cancellationToken);
        }
    }

    /// <summary>Deletes the queue; a queue that does not exist is already deleted.</summary>
    public async Task DeleteQueueAsync(RequestContext context, string queueUrl, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(
                "DeleteQueue",
                new QueueUrlRequest { QueueUrl = queueUrl },
                SqsJsonContext.Default.QueueUrlRequest,
                SqsJsonContext.Default.TagsResult,
                context,
                cancellationToken);
        }
        catch (ServiceException error) when (IsMissingQueue(error))
        {
        }
    }

    public static bool IsMissingQueue(ServiceException error) => error.Code == "QueueDoesNotExist";

    private async Task<TResponse> CallAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        RequestContext context,
        CancellationToken cancellationToken)
        where TResponse : class, new()
    {
        var response = await service.HandleAsync(operation, WireJson.SerializeToUtf8Bytes(request, requestType), context, cancellationToken);
        return JsonSerializer.Deserialize(response.Body.Span, responseType) ?? new TResponse();
    }
}
