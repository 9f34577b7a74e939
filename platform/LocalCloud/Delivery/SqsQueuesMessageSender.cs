using LocalCloud.Sqs;

namespace LocalCloud.Delivery;

internal sealed class SqsQueuesMessageSender(ISqsQueues queues) : ISqsMessageSender
{
    public async ValueTask<DeliveryOutcome> SendAsync(string queueArn, string body, IReadOnlyDictionary<string, string>? stringAttributes, string? messageGroupId, CancellationToken cancellationToken)
    {
        if (!queues.Exists(queueArn))
        {
            return DeliveryOutcome.Permanent(DeliveryErrorCodes.NoResource, $"Queue {queueArn} does not exist.");
        }

        await queues.SendAsync(queueArn, body, stringAttributes?.ToDictionary(a => a.Key, a => ("String", a.Value)), cancellationToken);
        return DeliveryOutcome.Delivered;
    }
}
