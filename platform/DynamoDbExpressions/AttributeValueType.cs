namespace DynamoDbExpressions;

/// <summary>The ten data types of the wire's AttributeValue, named as on the wire.</summary>
public enum AttributeValueType : byte
{
    S,
    N,
    B,
    BOOL,
    NULL,
    M,
    L,
    SS,
    NS,
    BS,
}
