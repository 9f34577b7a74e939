namespace LocalCloud.EventBridge;

/// <summary>Settings of the EventBridge service.</summary>
public sealed class EventBridgeOptions
{
    public const int OneMebibyte = 1024 * 1024;
    public const int TwoHundredFiftySixKibibytes = 256 * 1024;

    /// <summary>The largest total entry size of one <c>PutEvents</c> call, as AWS computes it: 1 MiB today
    /// (set 256 KiB for the older limit).</summary>
    public int MaxPutEventsRequestBytes { get; set; } = OneMebibyte;
}
