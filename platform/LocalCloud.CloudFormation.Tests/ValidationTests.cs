using System.Text.Json.Nodes;

namespace LocalCloud.CloudFormation.Tests;

/// <summary>Templates and parameters CloudFormation rejects before a stack operation starts, with its messages.</summary>
public sealed class ValidationTests(CfnHostFixture fixture) : IClassFixture<CfnHostFixture>
{
    private CfnClient Cfn => fixture.Client;

    private const string WithParameter = """
        Parameters:
          Name:
            Type: String
            MinLength: 2
            MaxLength: 5
            AllowedPattern: "[a-z]+"
          Count:
            Type: Number
            Default: "3"
            MinValue: 1
            MaxValue: 5
          Env:
            Type: String
            Default: dev
            AllowedValues: [dev, prod]
          Secret:
            Type: String
            Default: hidden
            NoEcho: true
        Resources:
          R:
            Type: AWS::SSM::Parameter
        """;

    [Theory]
    [InlineData(null, null, null, "Parameters: [Name] must have values")]
    [InlineData("a", null, null, "Parameter 'Name' must contain at least 2 characters")]
    [InlineData("abcdef", null, null, "Parameter 'Name' must contain at most 5 characters")]
    [InlineData("AB1", null, null, "Malformed input-Parameter Name must match pattern [a-z]+")]
    [InlineData("abc", "x", null, "Parameter 'Count' must be a number.")]
    [InlineData("abc", "0", null, "Parameter 'Count' must be a number not less than 1")]
    [InlineData("abc", "6", null, "Parameter 'Count' must be a number not greater than 5")]
    [InlineData("abc", null, "test", "Parameter 'Env' must be one of AllowedValues")]
    public async Task CreateStack_WithAnInvalidParameter_IsAValidationError(string? name, string? count, string? env, string message)
    {
        var parameters = new JsonArray();
        if (name is not null)
        {
            parameters.Add(new JsonObject { ["ParameterKey"] = "Name", ["ParameterValue"] = name });
        }

        if (count is not null)
        {
            parameters.Add(new JsonObject { ["ParameterKey"] = "Count", ["ParameterValue"] = count });
        }

        if (env is not null)
        {
            parameters.Add(new JsonObject { ["ParameterKey"] = "Env", ["ParameterValue"] = env });
        }

        var error = await Cfn.FailAsync("CreateStack", new JsonObject { ["StackName"] = CfnClient.Unique("p"), ["TemplateBody"] = WithParameter, ["Parameters"] = parameters });

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task CreateStack_WithAnUndeclaredParameter_IsAValidationError()
    {
        var error = await Cfn.FailAsync("CreateStack", new JsonObject
        {
            ["StackName"] = CfnClient.Unique("p"),
            ["TemplateBody"] = WithParameter,
            ["Parameters"] = CfnClient.Parameters(("Name", "abc"), ("Nope", "x")),
        });

        Assert.Equal("Parameters: [Nope] do not exist in the template", error.Message);
    }

    [Fact]
    public async Task DescribeStacks_ShowsNoEchoParametersMasked()
    {
        var name = CfnClient.Unique("noecho");
        await Cfn.DeployAsync(name, WithParameter, CfnClient.Parameters(("Name", "abc")));

        var stack = await Cfn.DescribeAsync(name);
        var parameters = stack.GetProperty("Parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("ParameterKey").GetString()!, p => p.GetProperty("ParameterValue").GetString());
        Assert.Equal("****", parameters["Secret"]);
        Assert.Equal("abc", parameters["Name"]);
        Assert.Equal("3", parameters["Count"]);
    }

    [Theory]
    [InlineData("Resources: {A: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref Missing}}}",
        "Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template")]
    [InlineData("Resources: {A: {Type: AWS::SSM::Parameter, DependsOn: Missing}}",
        "Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template")]
    [InlineData("Resources: {A: {Type: AWS::SSM::Parameter, Properties: {Value: !GetAtt Missing.Arn}}}",
        "Template error: instance of Fn::GetAtt references undefined resource Missing")]
    [InlineData("Resources: {A: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref B}}, B: {Type: AWS::SSM::Parameter, Properties: {Value: !GetAtt A.Arn}}, C: {Type: AWS::SSM::Parameter, DependsOn: A}}",
        "Circular dependency between resources: [A, B]")]
    [InlineData("Resources: {A: {Type: AWS::Foo::Bar}}", "Template format error: Unrecognized resource types: [AWS::Foo::Bar]")]
    [InlineData("Resources: {}", "Template format error: At least one Resources member must be defined.")]
    [InlineData("Foo: 1\nResources: {A: {Type: AWS::SSM::Parameter}}", "Template format error: Invalid template property or properties [Foo]")]
    [InlineData("Resources: {A: {Type: AWS::SSM::Parameter}}\nOutputs: {O: {Value: !Ref Nope}}",
        "Template format error: Unresolved resource dependencies [Nope] in the Outputs block of the template")]
    [InlineData("Resources: {A: {Type: AWS::SSM::Parameter, Properties: {Value: !If [Nope, a, b]}}}",
        "Template error: unresolved condition dependency Nope in Fn::If")]
    [InlineData("Resources:\n  A: [unclosed", "Template format error: YAML not well-formed.")]
    public async Task CreateStack_WithAnInvalidTemplate_IsAValidationError(string template, string message)
    {
        var error = await Cfn.FailAsync("CreateStack", new JsonObject { ["StackName"] = CfnClient.Unique("v"), ["TemplateBody"] = template });

        Assert.Equal("ValidationError", error.Code);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateTemplate_ReportsParametersAndCapabilities()
    {
        var result = await Cfn.CallAsync("ValidateTemplate", new JsonObject
        {
            ["TemplateBody"] = """
                Description: demo
                Parameters: {P: {Type: String, Default: x, Description: the p}}
                Resources: {Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}}
                """,
        });

        Assert.Equal("demo", result.GetProperty("Description").GetString());
        Assert.Equal("P", result.GetProperty("Parameters")[0].GetProperty("ParameterKey").GetString());
        Assert.Equal("x", result.GetProperty("Parameters")[0].GetProperty("DefaultValue").GetString());
        Assert.Equal("CAPABILITY_IAM", result.GetProperty("Capabilities")[0].GetString());
    }

    [Theory]
    [InlineData("Resources: {Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {}}}}", "CAPABILITY_IAM")]
    [InlineData("Resources: {Role: {Type: AWS::IAM::Role, Properties: {RoleName: named, AssumeRolePolicyDocument: {}}}}", "CAPABILITY_NAMED_IAM")]
    [InlineData("Transform: AWS::Serverless-2016-10-31\nResources: {T: {Type: AWS::Serverless::SimpleTable}}", "CAPABILITY_AUTO_EXPAND")]
    public async Task CreateStack_WithoutTheRequiredCapability_IsInsufficientCapabilities(string template, string capability)
    {
        var error = await Cfn.FailAsync("CreateStack", new JsonObject { ["StackName"] = CfnClient.Unique("cap"), ["TemplateBody"] = template });

        Assert.Equal("InsufficientCapabilitiesException", error.Code);
        Assert.Equal($"Requires capabilities : [{capability}]", error.Message);
    }

    [Theory]
    [InlineData("bad_name", "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*")]
    [InlineData("1abc", "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*")]
    public async Task CreateStack_WithAnInvalidName_IsAValidationError(string name, string constraint)
    {
        var error = await Cfn.FailAsync("CreateStack", new JsonObject { ["StackName"] = name, ["TemplateBody"] = "Resources: {A: {Type: AWS::SSM::Parameter}}" });

        Assert.Equal("ValidationError", error.Code);
        Assert.EndsWith(constraint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStack_WithATooLongName_IsAValidationError()
    {
        var error = await Cfn.FailAsync("CreateStack", new JsonObject { ["StackName"] = "a" + new string('b', 128), ["TemplateBody"] = "Resources: {A: {Type: AWS::SSM::Parameter}}" });

        Assert.EndsWith("Member must have length less than or equal to 128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStack_Twice_IsAlreadyExists()
    {
        var name = CfnClient.Unique("twice");
        await Cfn.CreateStackAsync(name, "Resources: {A: {Type: AWS::SSM::Parameter}}");

        var error = await Cfn.FailAsync("CreateStack", new JsonObject { ["StackName"] = name, ["TemplateBody"] = "Resources: {A: {Type: AWS::SSM::Parameter}}" });

        Assert.Equal("AlreadyExistsException", error.Code);
        Assert.Equal($"Stack [{name}] already exists", error.Message);
    }

    [Fact]
    public async Task DescribeStacks_OfAnUnknownStack_IsAValidationError()
    {
        var error = await Cfn.FailAsync("DescribeStacks", new JsonObject { ["StackName"] = "nope-nope" });

        Assert.Equal("ValidationError", error.Code);
        Assert.Equal("Stack with id nope-nope does not exist", error.Message);
    }
}
