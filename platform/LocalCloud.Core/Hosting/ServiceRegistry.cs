namespace LocalCloud.Core.Hosting;

public sealed class ServiceRegistry
{
    private readonly Dictionary<string, IAwsJsonService[]> _byTargetPrefix;

    public ServiceRegistry(IEnumerable<IAwsJsonService> awsJson, IEnumerable<IRestJsonService> restJson)
    {
        AwsJsonServices = [.. awsJson];
        RestJsonServices = [.. restJson];
        _byTargetPrefix = AwsJsonServices
            .GroupBy(s => s.TargetPrefix, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        Services = [.. AwsJsonServices.Cast<ILocalCloudService>().Concat(RestJsonServices).OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    public IReadOnlyList<IAwsJsonService> AwsJsonServices { get; }

    public IReadOnlyList<IRestJsonService> RestJsonServices { get; }

    public IReadOnlyList<ILocalCloudService> Services { get; }

    internal IAwsJsonService? FindByTarget(string targetPrefix, string? signingService)
    {
        if (!_byTargetPrefix.TryGetValue(targetPrefix, out var candidates))
        {
            return null;
        }

        if (candidates.Length == 1 || signingService is null)
        {
            return candidates[0];
        }

        return Array.Find(candidates, c => string.Equals(c.SigningName, signingService, StringComparison.Ordinal)) ?? candidates[0];
    }
}
