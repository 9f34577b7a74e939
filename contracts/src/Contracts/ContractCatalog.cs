namespace Contracts;

public static partial class ContractCatalog
{
    private static readonly Lazy<IReadOnlyList<ContractDescriptor>> Descriptors = new(() => CreateDescriptors());

    public static IReadOnlyList<ContractDescriptor> All => Descriptors.Value;

    public static ContractDescriptor? Find(string detailType) =>
        All.FirstOrDefault(d => string.Equals(d.DetailType, detailType, StringComparison.Ordinal));

    public static ContractDescriptor? Find(string source, string detailType) =>
        All.FirstOrDefault(d => string.Equals(d.Source, source, StringComparison.Ordinal)
            && string.Equals(d.DetailType, detailType, StringComparison.Ordinal));

    public static ContractDescriptor For<T>()
        where T : class =>
        All.FirstOrDefault(d => d.DetailClrType == typeof(T))
        ?? throw new ArgumentException($"{typeof(T)} is not a contract detail type.", nameof(T));

    private static partial ContractDescriptor[] CreateDescriptors();
}
