using System.Text;
using LocalCloud.Testing;

namespace LocalCloud.CloudFormation.Tests;

/// <summary>Every operation answers malformed or empty input with an AWS-shaped 4xx, never a 5xx.</summary>
public sealed class RobustnessTests(CfnHostFixture fixture) : IClassFixture<CfnHostFixture>
{
    public static TheoryData<string> Operations() =>
    [
        "CreateStack", "UpdateStack", "DeleteStack", "DescribeStacks", "ListStacks", "DescribeStackEvents", "DescribeStackResource",
        "DescribeStackResources", "ListStackResources", "GetTemplate", "GetTemplateSummary", "ValidateTemplate", "CreateChangeSet",
        "DescribeChangeSet", "ExecuteChangeSet", "DeleteChangeSet", "ListChangeSets", "ListExports", "ListImports", "UpdateTerminationProtection",
    ];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_WithOddInput_IsNeverAServerError(string operation)
    {
        using var http = new HttpClient { BaseAddress = fixture.Host.Endpoint };
        string[] bodies =
        [
            "{}",
            """{"StackName": "x", "ChangeSetName": "y", "TemplateBody": "x", "ExportName": "e", "LogicalResourceId": "l"}""",
            """{"StackName": "arn:aws:cloudformation:us-east-1:000000000000:stack/x/y", "ChangeSetName": "arn:aws:cloudformation:us-east-1:000000000000:changeSet/a/b", "TemplateBody": "{\"Resources\": []}"}""",
            """{"StackName": "s", "TemplateBody": "Resources: {A: {Type: AWS::SSM::Parameter, Properties: {Value: {\"Fn::Select\": [9, []]}, Items: {\"Fn::Join\": 1}}}}", "NextToken": "zz"}""",
            """{"StackName": 5}""",
            "not json",
        ];
        foreach (var body in bodies)
        {
            using var response = await AwsJsonCall.PostAsync(http, "CloudFormation." + operation, Encoding.UTF8.GetBytes(body), "1.0", "cloudformation");
            Assert.True((int)response.StatusCode < 500, $"{operation} {body}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
