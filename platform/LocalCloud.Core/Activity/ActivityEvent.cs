namespace LocalCloud.Core.Activity;

public sealed record ActivityEvent(
    DateTimeOffset Time,
    string Service,
    string Kind,
    string Summary,
    IReadOnlyDictionary<string, string>? Attributes = null);
