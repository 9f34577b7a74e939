namespace LocalCloud.Core.Hosting;

/// <summary>The base of every awsJson service: it declares its operation table once
/// (<see cref="DefineOperations"/>) and the host dispatches by operation name.</summary>
public abstract class AwsJsonService : IAwsJsonService
{
    private Dictionary<string, AwsJsonOperation>? _operations;

    public abstract string Name { get; }

    public abstract string SigningName { get; }

    public abstract AwsProtocol Protocol { get; }

    public abstract string TargetPrefix { get; }

    public virtual string ErrorCodePrefix => string.Empty;

    public IReadOnlyCollection<string> OperationNames => Operations.Keys;

    private Dictionary<string, AwsJsonOperation> Operations =>
        _operations ??= DefineOperations().ToDictionary(o => o.Name, StringComparer.Ordinal);

    public Task<AwsJsonResponse> HandleAsync(string operation, ReadOnlyMemory<byte> body, RequestContext context, CancellationToken cancellationToken) =>
        Operations.TryGetValue(operation, out var handler)
            ? handler.Handler(body, context, cancellationToken)
            : throw new ServiceException(ErrorCodePrefix + "UnknownOperationException", $"Operation {TargetPrefix}.{operation} is not supported.");

    /// <summary>The service's operations, in the order its model lists them.</summary>
    protected abstract IEnumerable<AwsJsonOperation> DefineOperations();
}
