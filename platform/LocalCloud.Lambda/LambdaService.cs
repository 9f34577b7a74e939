using LocalCloud.Core.Hosting;

namespace LocalCloud.Lambda;

/// <summary>
/// AWS Lambda (restJson1 under <c>/2015-03-31/</c> and <c>/2019-09-25/</c>, signing name <c>lambda</c>), as the
/// botocore <c>lambda</c> 2015-03-31 model describes it: the operations of every <see cref="ILambdaOperationSource"/>.
/// </summary>
internal sealed class LambdaService : IRestJsonService
{
    public LambdaService(IEnumerable<ILambdaOperationSource> sources)
    {
        Operations = [.. sources.SelectMany(s => s.Operations)];
        OperationNames = [.. Operations.Select(o => o.Name)];
    }

    public string Name => "lambda";

    public string SigningName => "lambda";

    public AwsProtocol Protocol => AwsProtocol.RestJson1;

    public string ErrorMessageKey => "message";

    public IReadOnlyList<RestOperation> Operations { get; }

    public IReadOnlyCollection<string> OperationNames { get; }
}
