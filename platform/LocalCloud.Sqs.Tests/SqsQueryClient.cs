using System.Net.Http.Headers;
using System.Xml.Linq;

namespace LocalCloud.Sqs.Tests;

/// <summary>Raw awsQuery calls to SQS: form-encoded POSTs as pre-JSON SDKs send them.</summary>
internal sealed class SqsQueryClient(HttpClient http)
{
    public static readonly XNamespace Ns = "http://queue.amazonaws.com/doc/2012-11-05/";

    public async Task<(int Status, XElement Xml)> CallAsync(string action, IEnumerable<(string Key, string Value)> parameters, string path = "/", bool signed = true)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2012-11-05") };
        form.AddRange(parameters.Select(p => KeyValuePair.Create(p.Key, p.Value)));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(form) };
        if (signed)
        {
            request.Headers.TryAddWithoutValidation(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(new MediaTypeHeaderValue("text/xml"), response.Content.Headers.ContentType);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, XElement.Parse(text));
    }

    public async Task<XElement> ResultAsync(string action, params (string Key, string Value)[] parameters)
    {
        var (status, xml) = await CallAsync(action, parameters);
        Assert.True(status == 200, $"{action} answered {status}: {xml}");
        Assert.Equal(Ns + $"{action}Response", xml.Name);
        Assert.False(string.IsNullOrEmpty(xml.Element(Ns + "ResponseMetadata")?.Element(Ns + "RequestId")?.Value));
        return xml.Element(Ns + $"{action}Result") ?? xml;
    }

    public async Task<(int Status, string Type, string Code, string Message)> ErrorAsync(string action, params (string Key, string Value)[] parameters)
    {
        var (status, xml) = await CallAsync(action, parameters);
        Assert.Equal(Ns + "ErrorResponse", xml.Name);
        var error = xml.Element(Ns + "Error")!;
        Assert.False(string.IsNullOrEmpty(xml.Element(Ns + "RequestId")?.Value));
        return (status, error.Element(Ns + "Type")!.Value, error.Element(Ns + "Code")!.Value, error.Element(Ns + "Message")!.Value);
    }
}
