namespace LocalCloud.Core.Storage;

public sealed record StorageSchema(string Component, IReadOnlyList<string> Migrations);
