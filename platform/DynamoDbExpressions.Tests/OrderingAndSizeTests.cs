namespace DynamoDbExpressions.Tests;

public sealed class OrderingAndSizeTests
{
    [Fact]
    public void CompareKeys_Numbers_ByValueNotText()
    {
        Assert.True(AttributeValueComparer.CompareKeys(AttributeValue.FromN("9"), AttributeValue.FromN("10")) < 0);
        Assert.True(AttributeValueComparer.CompareKeys(AttributeValue.FromN("-10"), AttributeValue.FromN("-9")) < 0);
        Assert.Equal(0, AttributeValueComparer.CompareKeys(AttributeValue.FromN("1e2"), AttributeValue.FromN("100")));
    }

    [Fact]
    public void CompareKeys_Strings_ByUtf8Bytes()
    {
        // U+E000 is EE 80 80 in UTF-8 and sorts before U+1F600 (F0 9F 98 80), though its UTF-16 unit is larger.
        Assert.True(AttributeValueComparer.CompareKeys(AttributeValue.FromS("\uE000"), AttributeValue.FromS("\U0001F600")) < 0);
        Assert.True(AttributeValueComparer.CompareKeys(AttributeValue.FromS("B"), AttributeValue.FromS("a")) < 0);
        Assert.True(AttributeValueComparer.CompareKeys(AttributeValue.FromS("a"), AttributeValue.FromS("ab")) < 0);
    }

    [Fact]
    public void CompareKeys_Binary_ByUnsignedBytes()
    {
        Assert.True(AttributeValueComparer.CompareKeys(AttributeValue.FromB([0x01]), AttributeValue.FromB([0x80])) < 0);
        Assert.True(AttributeValueComparer.CompareKeys(AttributeValue.FromB([0x01]), AttributeValue.FromB([0x01, 0x00])) < 0);
    }

    [Fact]
    public void CompareKeys_DifferentTypes_Throws() =>
        Assert.Throws<ArgumentException>(() => AttributeValueComparer.CompareKeys(AttributeValue.FromS("1"), AttributeValue.FromN("1")));

    // Byte costs measured against DynamoDB at the 400 KB gate (paritysuite/dynamodb-conformance, eu-west-2).
    [Theory]
    [InlineData("0", 1)]
    [InlineData("1", 2)]
    [InlineData("12", 2)]
    [InlineData("123", 3)]
    [InlineData("1234", 3)]
    [InlineData("12345678901234567890123456789012345678", 20)]
    [InlineData("0042", 2)]
    [InlineData("100", 2)]
    [InlineData("1010", 3)]
    [InlineData("0.0000001", 2)]
    [InlineData("1E125", 2)]
    [InlineData("1E-100", 2)]
    [InlineData("1.5", 3)]
    [InlineData("15", 2)]
    [InlineData("1.2", 3)]
    [InlineData("1.200", 3)]
    [InlineData("1.234", 4)]
    [InlineData("3.14159", 5)]
    [InlineData("123456", 4)]
    [InlineData("100.5", 4)]
    [InlineData("0.15", 2)]
    [InlineData("-42", 3)]
    [InlineData("-0", 1)]
    public void OfNumber_MatchesMeasuredCosts(string number, int size) => Assert.Equal(size, ItemSize.OfNumber(DynamoNumber.Parse(number)));

    [Fact]
    public void Of_Item_CountsNamesAndValues()
    {
        var item = AttributeValueJson.ParseItem("""
            {"pk":{"S":"héllo"},"b":{"B":"AQID"},"t":{"BOOL":true},"z":{"NULL":true},
             "l":{"L":[{"S":"ab"},{"N":"1"}]},"m":{"M":{"k":{"S":"v"}}},"ss":{"SS":["a","bc"]}}
            """);

        // pk 2+6, b 1+3, t 1+1, z 1+1, l 1+(3+1+2+1+2), m 1+(3+1+1+1), ss 2+3
        Assert.Equal(8 + 4 + 2 + 2 + 10 + 7 + 5, ItemSize.Of(item));
    }

    [Fact]
    public void Of_EmptyListAndMap_AreThreeBytes()
    {
        Assert.Equal(3, ItemSize.Of(AttributeValue.FromL([])));
        Assert.Equal(3, ItemSize.Of(AttributeValue.FromM([])));
    }
}
