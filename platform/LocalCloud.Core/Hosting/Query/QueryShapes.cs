using System.Diagnostics.CodeAnalysis;

namespace LocalCloud.Core.Hosting;

/// <summary>The kinds of scalar a query shape carries (the service model's scalar types).</summary>
[SuppressMessage("Naming", "CA1720", Justification = "The names are the AWS service model's shape types.")]
public enum QueryScalarType
{
    String,
    Integer,
    Long,
    Double,
    Boolean,
    Blob,
    Timestamp,
}

/// <summary>A shape of a service's awsQuery model: how a member is named in the form and in the XML.</summary>
[SuppressMessage("Naming", "CA1720", Justification = "The names are the AWS service model's shape types.")]
public abstract class QueryShape
{
    private protected QueryShape()
    {
    }

    public static QueryScalar String { get; } = new(QueryScalarType.String);

    public static QueryScalar Integer { get; } = new(QueryScalarType.Integer);

    public static QueryScalar Long { get; } = new(QueryScalarType.Long);

    public static QueryScalar Double { get; } = new(QueryScalarType.Double);

    public static QueryScalar Boolean { get; } = new(QueryScalarType.Boolean);

    public static QueryScalar Blob { get; } = new(QueryScalarType.Blob);

    public static QueryScalar Timestamp { get; } = new(QueryScalarType.Timestamp);
}

public sealed class QueryScalar : QueryShape
{
    internal QueryScalar(QueryScalarType type)
    {
        Type = type;
    }

    public QueryScalarType Type { get; }
}

/// <summary>A member of a structure. <paramref name="Name"/> is the JSON member; <paramref name="LocationName"/>
/// the model's <c>locationName</c> (member or target shape), used in the form and in the XML when set.</summary>
public sealed record QueryMember(string Name, QueryShape Shape, string? LocationName = null)
{
    internal string SerializedName => LocationName ?? Name;
}

public sealed class QueryStructure(params QueryMember[] members) : QueryShape
{
    public IReadOnlyList<QueryMember> Members { get; } = members;
}

/// <summary>A list. Not flattened: <c>Name.member.N</c> (or <c>Name.&lt;MemberName&gt;.N</c>) and
/// <c>&lt;Name&gt;&lt;member&gt;…&lt;/member&gt;&lt;/Name&gt;</c>. Flattened: <c>&lt;MemberName&gt;.N</c> and repeated
/// <c>&lt;MemberName&gt;</c> elements, the member's locationName replacing the list's name.</summary>
public sealed class QueryList(QueryShape member, string? memberName = null, bool flattened = false) : QueryShape
{
    public QueryShape Member { get; } = member;

    public string? MemberName { get; } = memberName;

    public bool Flattened { get; } = flattened;
}

/// <summary>A map. Not flattened: <c>Name.entry.N.key</c> / <c>.value</c>; flattened: <c>Name.N.&lt;KeyName&gt;</c> /
/// <c>.&lt;ValueName&gt;</c> and repeated <c>&lt;Name&gt;&lt;KeyName/&gt;&lt;ValueName/&gt;&lt;/Name&gt;</c> elements.</summary>
public sealed class QueryMap(QueryShape key, QueryShape value, string? keyName = null, string? valueName = null, bool flattened = false) : QueryShape
{
    public QueryShape Key { get; } = key;

    public QueryShape Value { get; } = value;

    public string KeyName { get; } = keyName ?? "key";

    public string ValueName { get; } = valueName ?? "value";

    public bool Flattened { get; } = flattened;
}

/// <summary>One operation: its input shape and, when it has one, its output shape (written inside
/// <c>&lt;NameResult&gt;</c>, the model's <c>resultWrapper</c>).</summary>
public sealed record QueryOperation(string Name, QueryStructure Input, QueryStructure? Output = null);
