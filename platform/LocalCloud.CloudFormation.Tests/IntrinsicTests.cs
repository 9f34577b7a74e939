namespace LocalCloud.CloudFormation.Tests;

/// <summary>Intrinsic functions, pseudo parameters, conditions and mappings, observed through a stack's outputs.</summary>
public sealed class IntrinsicTests(CfnHostFixture fixture) : IClassFixture<CfnHostFixture>
{
    private CfnClient Cfn => fixture.Client;

    [Fact]
    public async Task EveryIntrinsicForm_ResolvesAsCloudFormationDoes()
    {
        const string Template = """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Env:
                Type: String
                Default: prod
                AllowedValues: [dev, prod]
              Sizes:
                Type: List<Number>
                Default: "1,2,3"
              Names:
                Type: CommaDelimitedList
                Default: "a, b ,c"
            Mappings:
              Regions:
                us-east-1:
                  Short: use1
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              IsDev: !Not [!Condition IsProd]
              Both: !And [!Condition IsProd, !Equals [a, a]]
              Either: !Or [!Condition IsDev, !Equals [x, y]]
            Resources:
              First:
                Type: AWS::SSM::Parameter
                Properties:
                  Value: !Sub "${AWS::StackName}-${Env}"
              Second:
                Type: AWS::SSM::Parameter
                Properties:
                  Value: !GetAtt First.Value
                  Items:
                    - !Ref First
                    - !If [IsDev, dev-only, !Ref AWS::NoValue]
              DevOnly:
                Type: AWS::SSM::Parameter
                Condition: IsDev
            Outputs:
              Ref: { Value: !Ref First }
              GetAttShort: { Value: !GetAtt First.Arn }
              GetAttLong: { Value: { "Fn::GetAtt": [Second, Value] } }
              SubShort: { Value: !Sub "${First}|${First.Value}|${AWS::Region}|${!Literal}" }
              SubLong: { Value: !Sub ["${X}-${Env}", { X: !Ref AWS::AccountId }] }
              Join: { Value: !Join ["/", [a, !Ref Env, !Select [1, !Ref Names]]] }
              Select: { Value: !Select [2, !Ref Sizes] }
              Split: { Value: !Select [1, !Split [",", "x,y,z"]] }
              If: { Value: !If [IsProd, "prod-branch", "dev-branch"] }
              And: { Value: !If [Both, both, notboth] }
              Or: { Value: !If [Either, either, neither] }
              FindInMap: { Value: !FindInMap [Regions, !Ref AWS::Region, Short] }
              Base64: { Value: !Base64 hello }
              GetAZs: { Value: !Select [0, !GetAZs ""] }
              Pseudo: { Value: !Join [",", [!Ref AWS::Partition, !Ref AWS::URLSuffix, !Ref AWS::AccountId]] }
              StackId: { Value: !Ref AWS::StackId }
              Length: { Value: { "Fn::Length": !Ref Names } }
              ToJson: { Value: { "Fn::ToJsonString": { a: [1, b] } } }
              NotCreated:
                Condition: IsDev
                Value: !Ref DevOnly
            """;
        var name = CfnClient.Unique("intrinsics");
        var id = await Cfn.CreateStackAsync(name, Template);
        var stack = await Cfn.WaitAsync(id);

        Assert.Equal("CREATE_COMPLETE", stack.GetProperty("StackStatus").GetString() + (stack.TryGetProperty("StackStatusReason", out var r) && stack.GetProperty("StackStatus").GetString() != "CREATE_COMPLETE" ? " " + r : string.Empty));
        var o = CfnClient.Outputs(stack);
        Assert.StartsWith($"{name}-First-", o["Ref"], StringComparison.Ordinal);
        Assert.Equal($"arn:aws:ssm:us-east-1:000000000000:parameter/{o["Ref"]}", o["GetAttShort"]);
        Assert.Equal($"{name}-prod", o["GetAttLong"]);
        Assert.Equal($"{o["Ref"]}|{name}-prod|us-east-1|${{Literal}}", o["SubShort"]);
        Assert.Equal("000000000000-prod", o["SubLong"]);
        Assert.Equal("a/prod/b", o["Join"]);
        Assert.Equal("3", o["Select"]);
        Assert.Equal("y", o["Split"]);
        Assert.Equal("prod-branch", o["If"]);
        Assert.Equal("both", o["And"]);
        Assert.Equal("neither", o["Or"]);
        Assert.Equal("use1", o["FindInMap"]);
        Assert.Equal("aGVsbG8=", o["Base64"]);
        Assert.Equal("us-east-1a", o["GetAZs"]);
        Assert.Equal("aws,amazonaws.com,000000000000", o["Pseudo"]);
        Assert.Equal(id, o["StackId"]);
        Assert.Equal("3", o["Length"]);
        Assert.Equal("""{"a":[1,"b"]}""", o["ToJson"]);
        Assert.False(o.ContainsKey("NotCreated"));
        var resources = await Cfn.ResourcesAsync(id);
        Assert.Equal(["First", "Second"], resources.Keys.Order());
        Assert.Contains(fixture.World.Entries, e => e.StartsWith("Create Second ", StringComparison.Ordinal));
        var second = fixture.World.Existing[resources["Second"].GetProperty("PhysicalResourceId").GetString()!];
        Assert.Equal($"[\"{o["Ref"]}\"]", second["Items"]!.ToJsonString());
    }

    [Fact]
    public async Task JsonTemplate_WithLongForms_IsAccepted()
    {
        const string Template = """
            {"Parameters": {"P": {"Type": "Number", "Default": "5", "MinValue": 1, "MaxValue": 9}},
             "Conditions": {"Big": {"Fn::Equals": [{"Ref": "P"}, "5"]}},
             "Resources": {"R": {"Type": "AWS::SSM::Parameter", "Properties": {"Value": {"Fn::Join": ["-", [{"Ref": "P"}, {"Fn::If": ["Big", "big", "small"]}]]}}}},
             "Outputs": {"V": {"Value": {"Fn::GetAtt": ["R", "Value"]}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-V"}}}}}
            """;
        var name = CfnClient.Unique("json");
        var status = await Cfn.DeployAsync(name, Template);

        Assert.Equal("CREATE_COMPLETE", status);
        var stack = await Cfn.DescribeAsync(name);
        Assert.Equal("5-big", CfnClient.Outputs(stack)["V"]);
        var exports = await Cfn.CallAsync("ListExports", new { });
        Assert.Contains(exports.GetProperty("Exports").EnumerateArray(), e => e.GetProperty("Name").GetString() == name + "-V" && e.GetProperty("Value").GetString() == "5-big");
    }
}
