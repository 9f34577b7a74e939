using DynamoDbExpressions.Internal;
using System.Collections.ObjectModel;

namespace DynamoDbExpressions;

/// <summary>
/// An immutable DynamoDB value: one of S, N, B, BOOL, NULL, M, L, SS, NS, BS. Sets keep their elements
/// in the order given and never hold duplicates (numbers compared by value).
/// </summary>
public sealed class AttributeValue : IEquatable<AttributeValue>
{
    private static readonly AttributeValue TrueValue = new(AttributeValueType.BOOL, null, default, true);
    private static readonly AttributeValue FalseValue = new(AttributeValueType.BOOL, null, default, false);
    private static readonly IReadOnlyDictionary<string, AttributeValue> EmptyMap = new ReadOnlyDictionary<string, AttributeValue>(new Dictionary<string, AttributeValue>(StringComparer.Ordinal));

    private readonly object? _reference;
    private readonly DynamoNumber _number;
    private readonly bool _bool;

    private AttributeValue(AttributeValueType type, object? reference, DynamoNumber number, bool boolValue)
    {
        Type = type;
        _reference = reference;
        _number = number;
        _bool = boolValue;
    }

    public static AttributeValue Null { get; } = new(AttributeValueType.NULL, null, default, true);

    public AttributeValueType Type { get; }

    public string S => Type == AttributeValueType.S ? (string)_reference! : throw WrongType(AttributeValueType.S);

    public DynamoNumber N => Type == AttributeValueType.N ? _number : throw WrongType(AttributeValueType.N);

    public ReadOnlyMemory<byte> B => Type == AttributeValueType.B ? (byte[])_reference! : throw WrongType(AttributeValueType.B);

    public bool BOOL => Type == AttributeValueType.BOOL ? _bool : throw WrongType(AttributeValueType.BOOL);

    public IReadOnlyDictionary<string, AttributeValue> M => Type == AttributeValueType.M ? (IReadOnlyDictionary<string, AttributeValue>)_reference! : throw WrongType(AttributeValueType.M);

    public IReadOnlyList<AttributeValue> L => Type == AttributeValueType.L ? (AttributeValue[])_reference! : throw WrongType(AttributeValueType.L);

    public IReadOnlyList<string> SS => Type == AttributeValueType.SS ? (string[])_reference! : throw WrongType(AttributeValueType.SS);

    public IReadOnlyList<DynamoNumber> NS => Type == AttributeValueType.NS ? (DynamoNumber[])_reference! : throw WrongType(AttributeValueType.NS);

    public IReadOnlyList<ReadOnlyMemory<byte>> BS => Type == AttributeValueType.BS ? (ReadOnlyMemory<byte>[])_reference! : throw WrongType(AttributeValueType.BS);

    /// <summary>Number of elements of a set or list, or of entries of a map; 0 for other types.</summary>
    public int Count => _reference switch
    {
        Array array when Type is not AttributeValueType.B => array.Length,
        IReadOnlyDictionary<string, AttributeValue> map => map.Count,
        _ => 0,
    };

    internal byte[] BinaryArray => (byte[])_reference!;

    internal AttributeValue[] ListArray => (AttributeValue[])_reference!;

    internal string[] StringSetArray => (string[])_reference!;

    internal DynamoNumber[] NumberSetArray => (DynamoNumber[])_reference!;

    internal ReadOnlyMemory<byte>[] BinarySetArray => (ReadOnlyMemory<byte>[])_reference!;

    public static AttributeValue FromS(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(AttributeValueType.S, value, default, false);
    }

    public static AttributeValue FromN(DynamoNumber value) => new(AttributeValueType.N, null, value, false);

    public static AttributeValue FromN(string value) => FromN(DynamoNumber.Parse(value));

    public static AttributeValue FromB(ReadOnlySpan<byte> value) => new(AttributeValueType.B, value.ToArray(), default, false);

    public static AttributeValue FromBool(bool value) => value ? TrueValue : FalseValue;

    public static AttributeValue FromM(IEnumerable<KeyValuePair<string, AttributeValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var map = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            ArgumentNullException.ThrowIfNull(value);
            map[key] = value;
        }

        return FromOwnedMap(map);
    }

    public static AttributeValue FromL(IEnumerable<AttributeValue> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var array = elements.ToArray();
        foreach (var element in array)
        {
            ArgumentNullException.ThrowIfNull(element);
        }

        return new(AttributeValueType.L, array, default, false);
    }

    /// <summary>A string set; throws DynamoDB's error when it is empty or holds duplicates.</summary>
    public static AttributeValue FromSS(IEnumerable<string> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var array = elements.ToArray();
        var error = AttributeValueRules.CheckStringSet(array);
        return error is null ? new(AttributeValueType.SS, array, default, false) : throw new DynamoDbValidationException(error);
    }

    /// <summary>A number set; throws DynamoDB's error when it is empty or holds duplicates.</summary>
    public static AttributeValue FromNS(IEnumerable<DynamoNumber> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var array = elements.ToArray();
        var error = AttributeValueRules.CheckNumberSet(array);
        return error is null ? new(AttributeValueType.NS, array, default, false) : throw new DynamoDbValidationException(error);
    }

    /// <summary>A binary set; throws DynamoDB's error when it is empty or holds duplicates.</summary>
    public static AttributeValue FromBS(IEnumerable<ReadOnlyMemory<byte>> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var array = elements.Select(e => (ReadOnlyMemory<byte>)e.ToArray()).ToArray();
        var error = AttributeValueRules.CheckBinarySet(array);
        return error is null ? new(AttributeValueType.BS, array, default, false) : throw new DynamoDbValidationException(error);
    }

    internal static AttributeValue FromOwnedMap(Dictionary<string, AttributeValue> map) =>
        new(AttributeValueType.M, map.Count == 0 ? EmptyMap : new ReadOnlyDictionary<string, AttributeValue>(map), default, false);

    internal static AttributeValue FromOwnedList(AttributeValue[] elements) => new(AttributeValueType.L, elements, default, false);

    internal static AttributeValue FromOwnedBinary(byte[] bytes) => new(AttributeValueType.B, bytes, default, false);

    internal static AttributeValue FromOwnedStringSet(string[] elements) => new(AttributeValueType.SS, elements, default, false);

    internal static AttributeValue FromOwnedNumberSet(DynamoNumber[] elements) => new(AttributeValueType.NS, elements, default, false);

    internal static AttributeValue FromOwnedBinarySet(ReadOnlyMemory<byte>[] elements) => new(AttributeValueType.BS, elements, default, false);

    public bool Equals(AttributeValue? other) => other is not null && AttributeValueComparer.ValuesEqual(this, other);

    public override bool Equals(object? obj) => Equals(obj as AttributeValue);

    public override int GetHashCode() => AttributeValueComparer.Hash(this);

    /// <summary>The value in the wire's JSON form, e.g. <c>{"N":"1"}</c>.</summary>
    public override string ToString() => AttributeValueJson.Serialize(this);

    private InvalidOperationException WrongType(AttributeValueType wanted) =>
        new($"The value is of type {Type}, not {wanted}.");
}
