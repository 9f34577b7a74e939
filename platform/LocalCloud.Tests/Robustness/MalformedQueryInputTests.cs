using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Tests.Robustness;

/// <summary>Malformed awsQuery requests to every query operation of every service: never a 5xx, always an
/// XML <c>ErrorResponse</c> for a 4xx, and a 4xx for forms that cannot be valid.</summary>
public sealed class MalformedQueryInputTests
{
    private const int Seed = 20261202;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EveryAwsQueryOperation_AnswersMalformedFormsWithXml4xxOnly()
    {
        await using var host = await LocalCloudFixture.StartHostAsync();
        var protocols = host.Services.GetServices<IAwsQueryProtocol>().ToList();
        Assert.Contains(protocols, p => p.SigningName == "sqs");
        using var http = new HttpClient { BaseAddress = host.Endpoint, Timeout = RequestTimeout };
        var queueUrl = await CreateQueueAsync(http);
        var random = new Random(Seed);
        var failures = new ConcurrentQueue<string>();
        var requests = 0;
        using var gate = new SemaphoreSlim(6);
        var work = new List<Task>();

        foreach (var protocol in protocols)
        {
            foreach (var operation in protocol.Operations)
            {
                foreach (var (kind, mustFail, form) in Cases(operation, queueUrl, random))
                {
                    var body = $"Action={operation.Name}&Version={protocol.Version}&{form}";
                    work.Add(Gate.RunAsync(gate, async () =>
                    {
                        Interlocked.Increment(ref requests);
                        var (status, text) = await PostAsync(http, protocol.SigningName, body);
                        Check(failures, $"{protocol.SigningName}.{operation.Name} [{kind}]", status, text, mustFail);
                    }));
                }
            }
        }

        foreach (var (kind, body) in HostCases(random))
        {
            work.Add(Gate.RunAsync(gate, async () =>
            {
                Interlocked.Increment(ref requests);
                var (status, text) = await PostAsync(http, "sqs", body);
                Check(failures, $"host [{kind}]", status, text, mustFail: true);
            }));
        }

        await Task.WhenAll(work);

        Assert.True(requests > 300, $"only {requests} requests were generated");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests} requests misbehaved:\n" + string.Join('\n', failures.Take(40)));
        Assert.Equal(0, host.Services.GetRequiredService<HostDiagnostics>().InternalFailures);
        var (listStatus, _) = await PostAsync(http, "sqs", "Action=ListQueues&Version=2012-11-05");
        Assert.Equal(200, listStatus);
    }

    private static void Check(ConcurrentQueue<string> failures, string what, int status, string text, bool mustFail)
    {
        if (status >= 500 || (mustFail && status < 400))
        {
            failures.Enqueue($"{what} -> {status} {Truncate(text)}");
        }
        else if (status >= 400 && !IsXmlError(text))
        {
            failures.Enqueue($"{what} -> {status} without an XML ErrorResponse: {Truncate(text)}");
        }
    }

    private static IEnumerable<(string Kind, bool MustFail, string Form)> Cases(QueryOperation operation, string queueUrl, Random random)
    {
        var url = "QueueUrl=" + Uri.EscapeDataString(queueUrl);
        yield return ("no parameters", false, string.Empty);
        yield return ("unknown parameters", false, $"{url}&Nope=1&Nope.1.x=2&..=3&.=4");
        yield return ("huge string values", false, string.Join('&', operation.Input.Members.Select(m => $"{m.LocationName ?? m.Name}={new string('x', 300_000 / Math.Max(1, operation.Input.Members.Count))}")));
        yield return ("control characters", false, string.Join('&', operation.Input.Members.Select(m => $"{m.LocationName ?? m.Name}=%00%01%1F%EF%BF%BF")));
        foreach (var member in operation.Input.Members)
        {
            var name = member.Shape is QueryList { Flattened: true, MemberName: { } memberName } ? memberName : member.LocationName ?? member.Name;
            switch (member.Shape)
            {
                case QueryScalar { Type: not QueryScalarType.String } scalar:
                    yield return ($"{name} wrong type", true, $"{url}&{name}=not-a-{scalar.Type}");
                    yield return ($"{name} overflow", true, $"{url}&{name}=99999999999999999999999");
                    break;
                case QueryList or QueryMap:
                    yield return ($"{name} letter index", true, $"{url}&{name}.x.Name=a&{name}.x=a");
                    yield return ($"{name} zero index", true, $"{url}&{name}.0.Name=a&{name}.0=a");
                    yield return ($"{name} negative index", true, $"{url}&{name}.-1.Name=a&{name}.-1=a");
                    yield return ($"{name} huge index", true, $"{url}&{name}.{random.NextInt64(10_000_000_000, long.MaxValue)}.Name=a");
                    yield return ($"{name} scalar for a collection", true, $"{url}&{name}=scalar");
                    yield return ($"{name} sparse huge valid index", false, $"{url}&{name}.2147483647.Name=a&{name}.2147483647.Value=b&{name}.2147483647=c");
                    break;
            }

            yield return ($"{name} nested under a scalar", false, $"{url}&{name}.1.2.3=a");
        }

        for (var i = 0; i < 8; i++)
        {
            yield return ($"random form {i}", false, RandomForm(random, operation, url));
        }
    }

    private static IEnumerable<(string Kind, string Body)> HostCases(Random random)
    {
        yield return ("missing Action", "Version=2012-11-05&QueueName=x");
        yield return ("empty Action", "Action=&Version=2012-11-05");
        yield return ("unknown Action", "Action=DropEverything&Version=2012-11-05");
        yield return ("lower-case Action", "Action=listqueues&Version=2012-11-05");
        yield return ("huge Action", $"Action={new string('A', 50_000)}&Version=2012-11-05");
        yield return ("broken percent-encoding", "Action=CreateQueue&Version=2012-11-05&QueueName=%zz%&Attribute.%G1.Name=x");
        var bytes = new byte[512];
        random.NextBytes(bytes);
        yield return ("random bytes", "Action=CreateQueue&Version=2012-11-05&" + Encoding.Latin1.GetString(bytes).Replace("&", "", StringComparison.Ordinal));
    }

    private static string RandomForm(Random random, QueryOperation operation, string url)
    {
        var names = operation.Input.Members.Select(m => m.LocationName ?? m.Name).Append("Attribute").Append("MessageAttribute").ToArray();
        var suffixes = new[] { "", ".1", ".1.Name", ".1.Value", ".1.Value.DataType", ".1.Value.StringValue", ".1.Value.BinaryValue", ".2.Key", ".x", ".1.", "..", ".1.Value.StringListValue.1" };
        var values = new[] { "", "1", "-1", "true", "All", "String", "AQID", "%", "=", "&&", "\u00e9\u4e2d", new string('z', 2000) };
        var parts = new List<string> { url };
        for (var i = random.Next(1, 12); i > 0; i--)
        {
            var key = names[random.Next(names.Length)] + suffixes[random.Next(suffixes.Length)];
            parts.Add($"{Uri.EscapeDataString(key)}={Uri.EscapeDataString(values[random.Next(values.Length)])}");
        }

        return string.Join('&', parts);
    }

    private static async Task<string> CreateQueueAsync(HttpClient http)
    {
        var (status, text) = await PostAsync(http, "sqs", "Action=CreateQueue&Version=2012-11-05&QueueName=query-fuzz");
        Assert.Equal(200, status);
        XNamespace ns = "http://queue.amazonaws.com/doc/2012-11-05/";
        return XElement.Parse(text).Descendants(ns + "QueueUrl").Single().Value;
    }

    private static async Task<(int Status, string Text)> PostAsync(HttpClient http, string signingName, string form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/", UriKind.Relative));
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/{signingName}/aws4_request, SignedHeaders=host, Signature=00");
        request.Content = new ByteArrayContent(Encoding.Latin1.GetBytes(form));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static bool IsXmlError(string text)
    {
        try
        {
            var root = XElement.Parse(text);
            return root.Name.LocalName == "ErrorResponse"
                && root.Elements().FirstOrDefault(e => e.Name.LocalName == "Error")?.Elements().Any(e => e.Name.LocalName == "Code" && e.Value.Length > 0) == true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "..." : text;
}
