using System.Text;
using LocalCloud.Testing;

namespace LocalCloud.EventBridge.Tests;

public sealed class EventBridgeRobustnessTests : IClassFixture<LocalCloudFixture>
{
    private static readonly string[] Operations =
    [
        "CreateEventBus", "DescribeEventBus", "ListEventBuses", "DeleteEventBus",
        "PutRule", "DescribeRule", "ListRules", "EnableRule", "DisableRule", "DeleteRule", "ListRuleNamesByTarget",
        "PutTargets", "RemoveTargets", "ListTargetsByRule", "TestEventPattern", "PutEvents",
    ];

    private static readonly string[] Bodies =
    [
        "", "{", "[]", "null", "42", "\"x\"", "{\"Name\":{}}", "{\"Name\":[1]}", "{\"Limit\":\"ten\"}", "{\"Limit\":1e99}",
        "{\"Entries\":[null]}", "{\"Entries\":[{}]}", "{\"Entries\":{}}", "{\"Entries\":[{\"Source\":\"s\",\"DetailType\":\"d\",\"Detail\":\"{\\\"a\\\":" + new string('[', 2000) + "\"}]}",
        "{\"Targets\":[null]}", "{\"Rule\":\"r\",\"Targets\":[{\"Id\":\"a\",\"Arn\":\"arn:aws:sqs:us-east-1:000000000000:q\",\"InputTransformer\":{}}]}",
        "{\"Rule\":\"r\",\"Targets\":[{\"Id\":\"a\",\"Arn\":\"arn:aws:sqs:us-east-1:000000000000:q\",\"InputTransformer\":{\"InputPathsMap\":{\"a\":null},\"InputTemplate\":\"<a>\"}}]}",
        "{\"Ids\":[null],\"Rule\":\"r\"}", "{\"EventPattern\":\"{}\",\"Event\":\"{}\"}", "{\"EventPattern\":\"" + new string('{', 100) + "\",\"Event\":\"{}\"}",
        "{\"Name\":\"r\",\"EventPattern\":\"{\\\"a\\\":[{\\\"numeric\\\":[\\\">\\\",\\\"x\\\"]}]}\"}", "{\"NextToken\":\"%%%\"}", "{\"NextToken\":\"AAAA\"}",
    ];

    private readonly HttpClient _http;

    public EventBridgeRobustnessTests(LocalCloudFixture fixture)
    {
        _http = fixture.CreateHttpClient();
    }

    [Fact]
    public async Task MalformedAndRandomBodies_NeverProduceServerErrors()
    {
        var random = new Random(20260101);
        var failures = new List<string>();
        foreach (var operation in Operations)
        {
            var bodies = Bodies.Select(Encoding.UTF8.GetBytes).ToList();
            for (var i = 0; i < 10; i++)
            {
                var bytes = new byte[random.Next(1, 200)];
                random.NextBytes(bytes);
                bodies.Add(bytes);
            }

            foreach (var body in bodies)
            {
                using var response = await AwsJsonCall.PostAsync(_http, "AWSEvents." + operation, body, "1.1", "events");
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{operation} {(int)response.StatusCode} for {Encoding.UTF8.GetString(body)[..Math.Min(80, body.Length)]}");
                }
            }
        }

        Assert.Empty(failures);
    }
}
