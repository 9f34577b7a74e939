namespace LocalCloud.Core.Targets;

/// <summary>How a target's input is made from the event: the whole event (all null), a constant
/// <see cref="Input"/>, the value at <see cref="InputPath"/>, or an input transformer.</summary>
public sealed record TargetInputSpec(string? Input = null, string? InputPath = null, InputTransformer? Transformer = null)
{
    public static TargetInputSpec WholeEvent { get; } = new();

    public bool IsWholeEvent => Input is null && InputPath is null && Transformer is null;
}

/// <summary>An input transformer: placeholders in <see cref="InputTemplate"/> filled from the
/// event by the JSON paths of <see cref="InputPathsMap"/>.</summary>
public sealed record InputTransformer(IReadOnlyDictionary<string, string>? InputPathsMap, string? InputTemplate);
