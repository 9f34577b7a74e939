using LocalCloud.Testing;

namespace LocalCloud.CloudFormation.Tests;

/// <summary>The AWS CLI's <c>aws cloudformation</c> commands (awsQuery, its waiters, <c>deploy</c> with change sets) against
/// an in-process local cloud.</summary>
public sealed class CloudFormationAwsCliTests(CfnHostFixture fixture) : IClassFixture<CfnHostFixture>
{
    [Fact]
    public async Task AwsCli_CreateWaitDescribeAndDeleteAStack()
    {
        using var aws = new AwsCli(fixture.Host.Endpoint);
        var name = CfnClient.Unique("cli");
        var template = aws.TempPath("template.yaml");
        await File.WriteAllTextAsync(template, """
            Description: from the CLI
            Parameters: {V: {Type: String, Default: hello}}
            Resources:
              A: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref V}}
            Outputs:
              Arn: {Value: !GetAtt A.Arn, Export: {Name: !Sub "${AWS::StackName}-Arn"}}
            """);

        using var created = await aws.RunJsonAsync("cloudformation", "create-stack", "--stack-name", name, "--template-body", "file://" + template,
            "--parameters", "ParameterKey=V,ParameterValue=world", "--tags", "Key=team,Value=orders");
        var waited = await aws.RunAsync("cloudformation", "wait", "stack-create-complete", "--stack-name", name);
        using var described = await aws.RunJsonAsync("cloudformation", "describe-stacks", "--stack-name", name);
        using var events = await aws.RunJsonAsync("cloudformation", "describe-stack-events", "--stack-name", name);
        using var resources = await aws.RunJsonAsync("cloudformation", "list-stack-resources", "--stack-name", name);
        using var exports = await aws.RunJsonAsync("cloudformation", "list-exports");
        using var got = await aws.RunJsonAsync("cloudformation", "get-template", "--stack-name", name);
        var deleted = await aws.RunAsync("cloudformation", "delete-stack", "--stack-name", name);
        var waitedDelete = await aws.RunAsync("cloudformation", "wait", "stack-delete-complete", "--stack-name", name);
        var missing = await aws.RunAsync("cloudformation", "describe-stacks", "--stack-name", name);

        var stackId = created.RootElement.GetProperty("StackId").GetString()!;
        Assert.StartsWith($"arn:aws:cloudformation:us-east-1:000000000000:stack/{name}/", stackId, StringComparison.Ordinal);
        Assert.True(waited.ExitCode == 0, waited.Stderr);
        var stack = described.RootElement.GetProperty("Stacks")[0];
        Assert.Equal("CREATE_COMPLETE", stack.GetProperty("StackStatus").GetString());
        Assert.Equal("from the CLI", stack.GetProperty("Description").GetString());
        Assert.Equal("world", stack.GetProperty("Parameters")[0].GetProperty("ParameterValue").GetString());
        Assert.Equal("orders", stack.GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.Equal(name + "-Arn", stack.GetProperty("Outputs")[0].GetProperty("ExportName").GetString());
        Assert.Contains(events.RootElement.GetProperty("StackEvents").EnumerateArray(),
            e => e.GetProperty("LogicalResourceId").GetString() == "A" && e.GetProperty("ResourceStatus").GetString() == "CREATE_COMPLETE");
        Assert.Equal("CREATE_COMPLETE", resources.RootElement.GetProperty("StackResourceSummaries")[0].GetProperty("ResourceStatus").GetString());
        Assert.Contains(exports.RootElement.GetProperty("Exports").EnumerateArray(), e => e.GetProperty("Name").GetString() == name + "-Arn");
        Assert.Contains("AWS::SSM::Parameter", got.RootElement.GetProperty("TemplateBody").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, deleted.ExitCode);
        Assert.True(waitedDelete.ExitCode == 0, waitedDelete.Stderr);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains($"Stack with id {name} does not exist", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_Deploy_CreatesAndUpdatesThroughChangeSets()
    {
        using var aws = new AwsCli(fixture.Host.Endpoint);
        var name = CfnClient.Unique("deploy");
        var template = aws.TempPath("iam.yaml");
        const string Body = """
            Parameters: {Service: {Type: String, Default: lambda.amazonaws.com}}
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: !Ref Service}, Action: sts:AssumeRole}]}
              Policy:
                Type: AWS::IAM::Policy
                Properties: {PolicyName: p, Roles: [!Ref Role], PolicyDocument: {Statement: []}}
            Outputs: {RoleArn: {Value: !GetAtt Role.Arn}}
            """;
        await File.WriteAllTextAsync(template, Body);

        var noCapability = await aws.RunAsync("cloudformation", "deploy", "--stack-name", name, "--template-file", template);
        var first = await aws.RunAsync("cloudformation", "deploy", "--stack-name", name, "--template-file", template, "--capabilities", "CAPABILITY_IAM");
        var unchanged = await aws.RunAsync("cloudformation", "deploy", "--stack-name", name, "--template-file", template, "--capabilities", "CAPABILITY_IAM");
        var second = await aws.RunAsync("cloudformation", "deploy", "--stack-name", name, "--template-file", template, "--capabilities", "CAPABILITY_IAM",
            "--parameter-overrides", "Service=states.amazonaws.com");
        using var described = await aws.RunJsonAsync("cloudformation", "describe-stacks", "--stack-name", name);

        Assert.NotEqual(0, noCapability.ExitCode);
        Assert.Contains("Requires capabilities : [CAPABILITY_IAM]", noCapability.Stderr, StringComparison.Ordinal);
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        Assert.Contains("Successfully created/updated stack", first.Stdout, StringComparison.Ordinal);
        Assert.True(unchanged.ExitCode == 0, unchanged.Stdout + unchanged.Stderr);
        Assert.Contains("No changes to deploy", unchanged.Stdout + unchanged.Stderr, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        var stack = described.RootElement.GetProperty("Stacks")[0];
        Assert.Equal("UPDATE_COMPLETE", stack.GetProperty("StackStatus").GetString());
        Assert.StartsWith("arn:aws:iam::000000000000:role/", stack.GetProperty("Outputs")[0].GetProperty("OutputValue").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_FailedCreate_EndsTheWaiterWithRollbackComplete()
    {
        using var aws = new AwsCli(fixture.Host.Endpoint);
        var name = CfnClient.Unique("clifail");
        await aws.RunJsonAsync("cloudformation", "create-stack", "--stack-name", name,
            "--template-body", "Resources: {A: {Type: AWS::SSM::Parameter, Properties: {FailCreate: true}}}");

        var waited = await aws.RunAsync("cloudformation", "wait", "stack-create-complete", "--stack-name", name);

        Assert.NotEqual(0, waited.ExitCode);
        Assert.Contains("ROLLBACK_COMPLETE", waited.Stderr, StringComparison.Ordinal);
    }
}
