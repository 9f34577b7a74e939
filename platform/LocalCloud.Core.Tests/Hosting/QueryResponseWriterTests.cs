using System.Text;
using System.Xml.Linq;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Core.Tests.Hosting;

public sealed class QueryResponseWriterTests
{
    private const string Ns = "http://queue.amazonaws.com/doc/2012-11-05/";

    private static readonly QueryStructure Message = new(
        new QueryMember("Body", QueryShape.String),
        new QueryMember("Attributes", new QueryMap(QueryShape.String, QueryShape.String, "Name", "Value", flattened: true), "Attribute"));

    private static readonly QueryOperation Operation = new(
        "Receive",
        new QueryStructure(),
        new QueryStructure(
            new QueryMember("Messages", new QueryList(Message, "Message", flattened: true)),
            new QueryMember("Urls", new QueryList(QueryShape.String)),
            new QueryMember("Tags", new QueryMap(QueryShape.String, QueryShape.String)),
            new QueryMember("Count", QueryShape.Integer),
            new QueryMember("Fault", QueryShape.Boolean),
            new QueryMember("Data", QueryShape.Blob),
            new QueryMember("At", QueryShape.Timestamp),
            new QueryMember("Missing", QueryShape.String)));

    private static XElement Write(QueryOperation operation, string json) =>
        XElement.Parse(Encoding.UTF8.GetString(QueryResponseWriter.Write(operation, Ns, Encoding.UTF8.GetBytes(json), "req-1")));

    [Fact]
    public void Result_IsWrappedInResponseAndResultWithRequestId()
    {
        var xml = Write(Operation, """{"Count":3,"Fault":false,"Data":"AQID","At":1767322245.5,"Missing":null}""");
        XNamespace ns = Ns;

        Assert.Equal(ns + "ReceiveResponse", xml.Name);
        var result = xml.Element(ns + "ReceiveResult")!;
        Assert.Equal("3", result.Element(ns + "Count")!.Value);
        Assert.Equal("false", result.Element(ns + "Fault")!.Value);
        Assert.Equal("AQID", result.Element(ns + "Data")!.Value);
        Assert.Equal("2026-01-02T02:50:45.500Z", result.Element(ns + "At")!.Value);
        Assert.Null(result.Element(ns + "Missing"));
        Assert.Equal("req-1", xml.Element(ns + "ResponseMetadata")!.Element(ns + "RequestId")!.Value);
    }

    [Fact]
    public void FlattenedListsAndMaps_RepeatTheirElements_OthersUseMemberAndEntry()
    {
        var xml = Write(Operation, """
            {"Messages":[{"Body":"a\r\nb <&>","Attributes":{"SenderId":"x","SentTimestamp":"1"}},{"Body":"c"}],
             "Urls":["u1","u2"],"Tags":{"k":"v"}}
            """);
        XNamespace ns = Ns;
        var result = xml.Element(ns + "ReceiveResult")!;

        var messages = result.Elements(ns + "Message").ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("a\r\nb <&>", messages[0].Element(ns + "Body")!.Value);
        var attributes = messages[0].Elements(ns + "Attribute").Select(a => (a.Element(ns + "Name")!.Value, a.Element(ns + "Value")!.Value)).ToList();
        Assert.Equal([("SenderId", "x"), ("SentTimestamp", "1")], attributes);
        Assert.Equal(["u1", "u2"], result.Element(ns + "Urls")!.Elements(ns + "member").Select(e => e.Value));
        var entry = result.Element(ns + "Tags")!.Element(ns + "entry")!;
        Assert.Equal(("k", "v"), (entry.Element(ns + "key")!.Value, entry.Element(ns + "value")!.Value));
    }

    [Fact]
    public void OperationWithoutOutput_HasOnlyResponseMetadata()
    {
        var xml = Write(new QueryOperation("DeleteQueue", new QueryStructure()), "{}");
        XNamespace ns = Ns;

        Assert.Equal(ns + "DeleteQueueResponse", xml.Name);
        Assert.Equal([ns + "ResponseMetadata"], xml.Elements().Select(e => e.Name));
    }

    [Fact]
    public void Error_UsesTheQueryErrorCodeAndFaultType()
    {
        var sender = new ServiceException("QueueDoesNotExist", "The specified queue does not exist.") { QueryErrorCode = "AWS.SimpleQueueService.NonExistentQueue" };
        var xml = XElement.Parse(Encoding.UTF8.GetString(QueryResponseWriter.WriteError(sender, Ns, "req-2")));
        var receiver = XElement.Parse(Encoding.UTF8.GetString(QueryResponseWriter.WriteError(new ServiceException("InternalFailure", "boom", 500), Ns, "req-3")));
        XNamespace ns = Ns;

        Assert.Equal(ns + "ErrorResponse", xml.Name);
        var error = xml.Element(ns + "Error")!;
        Assert.Equal("Sender", error.Element(ns + "Type")!.Value);
        Assert.Equal("AWS.SimpleQueueService.NonExistentQueue", error.Element(ns + "Code")!.Value);
        Assert.Equal("The specified queue does not exist.", error.Element(ns + "Message")!.Value);
        Assert.NotNull(error.Element(ns + "Detail"));
        Assert.Equal("req-2", xml.Element(ns + "RequestId")!.Value);
        Assert.Equal("Receiver", receiver.Element(ns + "Error")!.Element(ns + "Type")!.Value);
        Assert.Equal("InternalFailure", receiver.Element(ns + "Error")!.Element(ns + "Code")!.Value);
    }

    [Fact]
    public void CharactersXmlCannotCarry_BecomeReplacementCharacters_DocumentStaysParseable()
    {
        var xml = Write(Operation, "{\"Messages\":[{\"Body\":\"a\\u0000b\\u0001c\\uD83D\\uDE00\\uFFFF\"}]}");
        XNamespace ns = Ns;

        Assert.Equal("a\uFFFDb\uFFFDc\uD83D\uDE00\uFFFD", xml.Descendants(ns + "Body").Single().Value);
    }

    [Fact]
    public void LoneSurrogateInTheJson_IsWrittenAsItsEscape_NotAFailure()
    {
        var xml = Write(Operation, "{\"Messages\":[{\"Body\":\"x\\uD800y\"}]}");
        XNamespace ns = Ns;

        Assert.Equal("x\\uD800y", xml.Descendants(ns + "Body").Single().Value);
    }
}
