using System.Text;
using LocalCloud.Core.Hosting;
using LocalCloud.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.Ses.Tests;

/// <summary>SES-shaped bodies with wrong types, odd values and random MIME for every operation: each answer is
/// an AWS error or a success, never a 5xx.</summary>
public sealed class SesRobustnessTests
{
    private static readonly string[] Values =
    [
        "null", "true", "0", "-1", "1e308", "\"\"", "\"a@b.test\"", "\"Name <a@b.test>\"", "\"no-at\"", "\"x@\"", "\"<a@b.test\"", "[]", "{}",
        "[\"a@b.test\"]", "[null]", "[1]", "\"{{x}}\"", "\"{{#if a}}\"", "\"{\\\"a\\\":1}\"", "\"AAAA\"", "\"!!!\"", "\"t1\"",
        "\"arn:aws:ses:us-east-1:000000000000:template/t1\"", "\"arn:aws:ses:xx\"", "\"ünï😀\"", "\"\\ud800\"",
    ];

    private static readonly string[] Members =
    [
        "FromEmailAddress", "Destination", "ToAddresses", "CcAddresses", "BccAddresses", "ReplyToAddresses", "Content", "Simple", "Raw", "Template",
        "Subject", "Body", "Text", "Html", "Data", "Charset", "Headers", "Name", "Value", "TemplateName", "TemplateArn", "TemplateContent",
        "TemplateData", "EmailTags", "EmailIdentity", "Tags", "Key",
    ];

    [Fact]
    public async Task EveryOperation_AnswersSesShapedGarbageWithoutAServerError()
    {
        await using var host = await LocalCloudFixture.StartHostAsync(o => o.ConfigureServices = s => s.AddSingleton(new SesOptions { AllowAnySender = true }));
        using var http = new HttpClient { BaseAddress = host.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        using var ses = new SesCaller(http);
        await ses.OkAsync(HttpMethod.Post, "/v2/email/templates", """{"TemplateName":"t1","TemplateContent":{"Subject":"{{x}}","Text":"{{#each a}}{{this}}{{/each}}"}}""");
        var random = new Random(20260301);
        var failures = new List<string>();
        var operations = host.Services.GetRequiredService<ServiceRegistry>().RestJsonServices.Single(s => s.Name == "ses").Operations;

        for (var i = 0; i < 600; i++)
        {
            var operation = operations[i % operations.Count];
            var path = operation.PathTemplate.Replace("{EmailIdentity}", Uri.EscapeDataString(random.Next(3) == 0 ? "a@b.test" : "b.test"), StringComparison.Ordinal)
                .Replace("{TemplateName}", random.Next(2) == 0 ? "t1" : "t%20x", StringComparison.Ordinal);
            var body = operation.Method is "GET" or "DELETE" ? null : Body(random, 0);
            var result = await ses.CallAsync(new HttpMethod(operation.Method), path, body);
            if ((int)result.Status >= 500 || ((int)result.Status >= 400 && result.ErrorType is null))
            {
                failures.Add($"{operation.Name} {body} -> {(int)result.Status} {result.ErrorType} {result.Message}");
            }
        }

        for (var i = 0; i < 100; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            var mime = i % 2 == 0 ? bytes : Encoding.UTF8.GetBytes($"From: a@b.test\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n{Encoding.Latin1.GetString(bytes)}\r\n--x--");
            var result = await ses.CallAsync(HttpMethod.Post, "/v2/email/outbound-emails",
                """{"Destination":{"ToAddresses":["r@b.test"]},"Content":{"Raw":{"Data":"DATA"}}}""".Replace("DATA", Convert.ToBase64String(mime), StringComparison.Ordinal));
            if ((int)result.Status >= 500)
            {
                failures.Add($"raw #{i} -> {(int)result.Status} {result.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(30)));
        Assert.Equal(0, host.Services.GetRequiredService<HostDiagnostics>().InternalFailures);
    }

    private static string Body(Random random, int depth)
    {
        var builder = new StringBuilder("{");
        var count = random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append('"').Append(Members[random.Next(Members.Length)]).Append("\":");
            builder.Append(depth < 4 && random.Next(3) == 0 ? Body(random, depth + 1) : Values[random.Next(Values.Length)]);
        }

        return builder.Append('}').ToString();
    }
}
