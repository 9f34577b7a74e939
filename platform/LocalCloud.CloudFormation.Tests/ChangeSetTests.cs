using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalCloud.CloudFormation.Tests;

/// <summary>Change sets: what they report, executing them, and the SAM transform behind them.</summary>
public sealed class ChangeSetTests(CfnHostFixture fixture) : IClassFixture<CfnHostFixture>
{
    private CfnClient Cfn => fixture.Client;

    private async Task<JsonElement> CreateChangeSetAsync(string stack, string name, string type, string template, params string[] capabilities)
    {
        var request = new JsonObject { ["StackName"] = stack, ["ChangeSetName"] = name, ["ChangeSetType"] = type, ["TemplateBody"] = template };
        if (capabilities.Length > 0)
        {
            request["Capabilities"] = new JsonArray([.. capabilities.Select(c => (JsonNode)c)]);
        }

        await Cfn.CallAsync("CreateChangeSet", request);
        return await Cfn.CallAsync("DescribeChangeSet", new JsonObject { ["StackName"] = stack, ["ChangeSetName"] = name });
    }

    private static Dictionary<string, JsonElement> Changes(JsonElement changeSet) =>
        changeSet.GetProperty("Changes").EnumerateArray().Select(c => c.GetProperty("ResourceChange"))
            .ToDictionary(c => c.GetProperty("LogicalResourceId").GetString()!);

    [Fact]
    public async Task CreateThenUpdateChangeSets_ReportTheirChanges_AndExecute()
    {
        var stack = CfnClient.Unique("cs");
        var created = await CreateChangeSetAsync(stack, "first", "CREATE", """
            Resources:
              A: {Type: AWS::SSM::Parameter, Properties: {Value: one, Replace: r1}}
              B: {Type: AWS::SSM::Parameter}
              D: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref A, Items: [x]}}
            """);

        Assert.Equal("CREATE_COMPLETE", created.GetProperty("Status").GetString());
        Assert.Equal("AVAILABLE", created.GetProperty("ExecutionStatus").GetString());
        Assert.Equal("REVIEW_IN_PROGRESS", (await Cfn.DescribeAsync(stack)).GetProperty("StackStatus").GetString());
        var adds = Changes(created);
        Assert.Equal(["A", "B", "D"], adds.Keys.Order());
        Assert.All(adds.Values, c => Assert.Equal("Add", c.GetProperty("Action").GetString()));
        Assert.Equal("AWS::SSM::Parameter", adds["A"].GetProperty("ResourceType").GetString());

        await Cfn.CallAsync("ExecuteChangeSet", new JsonObject { ["StackName"] = stack, ["ChangeSetName"] = "first" });
        Assert.Equal("CREATE_COMPLETE", (await Cfn.WaitAsync(stack)).GetProperty("StackStatus").GetString());
        var physicalA = (await Cfn.ResourcesAsync(stack))["A"].GetProperty("PhysicalResourceId").GetString();

        var update = await CreateChangeSetAsync(stack, "second", "UPDATE", """
            Resources:
              A: {Type: AWS::SSM::Parameter, Properties: {Value: two, Replace: r2}}
              D: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref A, Items: [x]}}
              C: {Type: AWS::SSM::Parameter}
            """);
        var changes = Changes(update);
        Assert.Equal("Modify", changes["A"].GetProperty("Action").GetString());
        Assert.Equal("True", changes["A"].GetProperty("Replacement").GetString());
        Assert.Equal(physicalA, changes["A"].GetProperty("PhysicalResourceId").GetString());
        Assert.Equal(["Properties"], changes["A"].GetProperty("Scope").EnumerateArray().Select(s => s.GetString()));
        var details = changes["A"].GetProperty("Details").EnumerateArray().ToDictionary(d => d.GetProperty("Target").GetProperty("Name").GetString()!);
        Assert.Equal("Always", details["Replace"].GetProperty("Target").GetProperty("RequiresRecreation").GetString());
        Assert.Equal("Never", details["Value"].GetProperty("Target").GetProperty("RequiresRecreation").GetString());
        Assert.Equal("Static", details["Value"].GetProperty("Evaluation").GetString());
        Assert.Equal("DirectModification", details["Value"].GetProperty("ChangeSource").GetString());
        Assert.Equal("Modify", changes["D"].GetProperty("Action").GetString());
        Assert.Equal("False", changes["D"].GetProperty("Replacement").GetString());
        var dynamic = changes["D"].GetProperty("Details")[0];
        Assert.Equal("Dynamic", dynamic.GetProperty("Evaluation").GetString());
        Assert.Equal("ResourceReference", dynamic.GetProperty("ChangeSource").GetString());
        Assert.Equal("A", dynamic.GetProperty("CausingEntity").GetString());
        Assert.Equal("Remove", changes["B"].GetProperty("Action").GetString());
        Assert.Equal("Add", changes["C"].GetProperty("Action").GetString());

        var list = await Cfn.CallAsync("ListChangeSets", new JsonObject { ["StackName"] = stack });
        Assert.Contains(list.GetProperty("Summaries").EnumerateArray(), s => s.GetProperty("ChangeSetName").GetString() == "second");

        await Cfn.CallAsync("ExecuteChangeSet", new JsonObject { ["ChangeSetName"] = update.GetProperty("ChangeSetId").GetString() });
        Assert.Equal("UPDATE_COMPLETE", (await Cfn.WaitAsync(stack)).GetProperty("StackStatus").GetString());
        Assert.Equal(["A", "C", "D"], (await Cfn.ResourcesAsync(stack)).Keys.Order());
    }

    [Fact]
    public async Task ChangeSet_WithoutChanges_Fails()
    {
        var stack = CfnClient.Unique("nochange");
        const string Template = "Resources: {A: {Type: AWS::SSM::Parameter}}";
        await Cfn.DeployAsync(stack, Template);

        var changeSet = await CreateChangeSetAsync(stack, "same", "UPDATE", Template);

        Assert.Equal("FAILED", changeSet.GetProperty("Status").GetString());
        Assert.Equal("UNAVAILABLE", changeSet.GetProperty("ExecutionStatus").GetString());
        Assert.Equal("The submitted information didn't contain changes. Submit different information to create a change set.", changeSet.GetProperty("StatusReason").GetString());
        var execute = await Cfn.FailAsync("ExecuteChangeSet", new JsonObject { ["StackName"] = stack, ["ChangeSetName"] = "same" });
        Assert.Equal("InvalidChangeSetStatus", execute.Code);
        await Cfn.CallAsync("DeleteChangeSet", new JsonObject { ["StackName"] = stack, ["ChangeSetName"] = "same" });
        var missing = await Cfn.FailAsync("DescribeChangeSet", new JsonObject { ["StackName"] = stack, ["ChangeSetName"] = "same" });
        Assert.Equal("ChangeSetNotFound", missing.Code);
        Assert.Equal("ChangeSet [same] does not exist", missing.Message);
    }

    [Fact]
    public async Task SamTemplate_IsTransformedIntoItsGeneratedResources()
    {
        var stack = CfnClient.Unique("sam");
        const string Sam = """
            Transform: AWS::Serverless-2016-10-31
            Parameters: {Stage: {Type: String, Default: dev}}
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Runtime: provided.al2023
                  Handler: bootstrap
                  CodeUri: s3://bucket/code.zip
                  Environment: {Variables: {STAGE: !Ref Stage}}
            """;
        var changeSet = await CreateChangeSetAsync(stack, "sam", "CREATE", Sam, "CAPABILITY_IAM");

        Assert.Equal("CREATE_COMPLETE", changeSet.GetProperty("Status").GetString());
        var changes = Changes(changeSet);
        Assert.Equal("AWS::Lambda::Function", changes["Fn"].GetProperty("ResourceType").GetString());
        Assert.Equal("AWS::IAM::Role", changes["FnRole"].GetProperty("ResourceType").GetString());
        var processed = await Cfn.CallAsync("GetTemplate", new JsonObject { ["StackName"] = stack, ["ChangeSetName"] = "sam", ["TemplateStage"] = "Processed" });
        Assert.Contains("AWS::Lambda::Function", processed.GetProperty("TemplateBody").GetString(), StringComparison.Ordinal);
        var original = await Cfn.CallAsync("GetTemplate", new JsonObject { ["StackName"] = stack, ["ChangeSetName"] = "sam" });
        Assert.Equal(Sam, original.GetProperty("TemplateBody").GetString());
    }

    [Fact]
    public async Task SamTemplate_WithoutIamCapability_FailsTheChangeSet()
    {
        var stack = CfnClient.Unique("samcap");
        var changeSet = await CreateChangeSetAsync(stack, "sam", "CREATE", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn: {Type: AWS::Serverless::Function, Properties: {Runtime: provided.al2023, Handler: x, CodeUri: s3://b/k.zip}}
            """);

        Assert.Equal("FAILED", changeSet.GetProperty("Status").GetString());
        Assert.Equal("Requires capabilities : [CAPABILITY_IAM]", changeSet.GetProperty("StatusReason").GetString());
    }

    [Fact]
    public async Task InvalidSamTemplate_FailsWithSamsMessage()
    {
        var stack = CfnClient.Unique("badsam");
        const string Bad = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Api: {Type: AWS::Serverless::Api, Properties: {StageName: prod}}
            """;
        var changeSet = await CreateChangeSetAsync(stack, "bad", "CREATE", Bad);

        Assert.Equal("FAILED", changeSet.GetProperty("Status").GetString());
        Assert.StartsWith("Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application Specification document.",
            changeSet.GetProperty("StatusReason").GetString(), StringComparison.Ordinal);
        var create = await Cfn.FailAsync("CreateStack", new JsonObject
        {
            ["StackName"] = CfnClient.Unique("badsam"),
            ["TemplateBody"] = Bad,
            ["Capabilities"] = new JsonArray("CAPABILITY_AUTO_EXPAND"),
        });
        Assert.Equal("ValidationError", create.Code);
        Assert.StartsWith("Transform AWS::Serverless-2016-10-31 failed with: ", create.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTemplateSummary_DescribesTheTemplate()
    {
        var summary = await Cfn.CallAsync("GetTemplateSummary", new JsonObject
        {
            ["TemplateBody"] = "Description: d\nParameters: {P: {Type: Number, Default: '1', AllowedValues: ['1', '2']}}\nResources: {A: {Type: AWS::SSM::Parameter}}",
        });

        Assert.Equal("d", summary.GetProperty("Description").GetString());
        Assert.Equal("Number", summary.GetProperty("Parameters")[0].GetProperty("ParameterType").GetString());
        Assert.Equal(["1", "2"], summary.GetProperty("Parameters")[0].GetProperty("ParameterConstraints").GetProperty("AllowedValues").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("AWS::SSM::Parameter", summary.GetProperty("ResourceTypes")[0].GetString());
    }
}
