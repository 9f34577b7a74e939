using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Aws;
using Contracts.Cli;

namespace Contracts.Tests;

internal sealed class FakeEventBridge
{
    public const string Endpoint = "http://127.0.0.1:4999/";

    public ConcurrentQueue<JsonArray> Batches { get; } = new();

    public ConcurrentQueue<Uri> Uris { get; } = new();

    public CliEnvironment Environment => new()
    {
        AwsConfig = new AwsConfigResolver(
            name => name == "AWS_ENDPOINT_URL" ? Endpoint : null,
            () => null,
            () => new BasicAWSCredentials("AKIDEXAMPLE", "secret")),
        HttpHandlerFactory = () => new Handler(this),
    };

    private sealed class Handler(FakeEventBridge owner) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            owner.Uris.Enqueue(request.RequestUri!);
            var target = request.Headers.GetValues("X-Amz-Target").Single();
            if (target != "AWSEvents.PutEvents" || !request.Headers.Contains("Authorization"))
            {
                return new HttpResponseMessage(HttpStatusCode.BadRequest);
            }

            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            var entries = body["Entries"]!.AsArray();
            owner.Batches.Enqueue(entries);
            var results = new JsonArray();
            var failed = 0;
            foreach (var entry in entries)
            {
                if (((string)entry!["Detail"]!).Contains("REJECT-ME", StringComparison.Ordinal))
                {
                    failed++;
                    results.Add(new JsonObject { ["ErrorCode"] = "InvalidArgument", ["ErrorMessage"] = "Rejected by the fake." });
                }
                else
                {
                    results.Add(new JsonObject { ["EventId"] = Guid.NewGuid().ToString() });
                }
            }

            var response = new JsonObject { ["FailedEntryCount"] = failed, ["Entries"] = results };
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(response.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
            };
        }
    }
}
