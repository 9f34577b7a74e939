namespace LocalCloud.Core.Hosting;

public readonly record struct Arn(string Partition, string Service, string Region, string AccountId, string Resource)
{
    public static string Build(string service, string region, string accountId, string resource) =>
        $"arn:aws:{service}:{region}:{accountId}:{resource}";

    public static bool TryParse(string? value, out Arn arn)
    {
        arn = default;
        if (string.IsNullOrEmpty(value) || !value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0)
        {
            return false;
        }

        arn = new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{AccountId}:{Resource}";
}
