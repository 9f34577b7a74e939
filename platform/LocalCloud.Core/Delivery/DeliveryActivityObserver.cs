using System.Globalization;
using LocalCloud.Core.Activity;

namespace LocalCloud.Core.Delivery;

public sealed class DeliveryActivityObserver : IDeliveryObserver
{
    private readonly ActivityFeed _feed;

    public DeliveryActivityObserver(ActivityFeed feed)
    {
        _feed = feed;
    }

    public void OnDeliveryEvent(DeliveryEvent deliveryEvent)
    {
        var d = deliveryEvent.Delivery;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["target"] = d.TargetArn,
            ["attempts"] = d.Attempts.ToString(CultureInfo.InvariantCulture),
        };
        if (d.Origin is not null)
        {
            attributes["origin"] = d.Origin;
        }

        if (deliveryEvent.ErrorCode is not null)
        {
            attributes["errorCode"] = deliveryEvent.ErrorCode;
        }

        if (deliveryEvent.ExhaustedCondition is not null)
        {
            attributes["exhausted"] = deliveryEvent.ExhaustedCondition;
        }

        var (kind, summary) = deliveryEvent.Kind switch
        {
            DeliveryEventKind.Delivered => ("delivery.succeeded", $"{d.Origin} -> {d.TargetArn} delivered (attempt {d.Attempts})"),
            DeliveryEventKind.RetryScheduled => ("delivery.retry", $"{d.Origin} -> {d.TargetArn} failed ({deliveryEvent.ErrorCode}: {deliveryEvent.ErrorMessage}); retry in {deliveryEvent.RetryIn?.TotalSeconds:0.###}s"),
            DeliveryEventKind.DeadLettered => ("delivery.dead-lettered", $"{d.Origin} -> {d.TargetArn} sent to {d.DeadLetterArn} after {d.Attempts} attempt(s): {deliveryEvent.ErrorCode}"),
            _ => ("delivery.dropped", $"{d.Origin} -> {d.TargetArn} dropped after {d.Attempts} attempt(s): {deliveryEvent.ErrorCode} {deliveryEvent.ErrorMessage}"),
        };
        _feed.Publish("delivery", kind, summary, attributes);
    }
}
