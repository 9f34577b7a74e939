namespace LocalCloud.Core.Hosting;

/// <summary>Where a resource lives: AWS resources are regional and belong to one account, and a
/// request sees only the resources of its own scope.</summary>
public readonly record struct ResourceScope(string AccountId, string Region)
{
    public string Arn(string service, string resource) => Hosting.Arn.Build(service, Region, AccountId, resource);

    public static ResourceScope Of(Arn arn) => new(arn.AccountId, arn.Region);

    public override string ToString() => $"{AccountId}/{Region}";
}
