namespace LocalCloud.Core.Hosting;

public enum AwsProtocol
{
    AwsJson10,
    AwsJson11,
    RestJson1,
}

public interface ILocalCloudService
{
    string Name { get; }

    string SigningName { get; }

    AwsProtocol Protocol { get; }

    IReadOnlyCollection<string> OperationNames { get; }
}
