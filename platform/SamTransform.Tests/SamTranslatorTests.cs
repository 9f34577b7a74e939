using System.Text.Json.Nodes;

namespace SamTransform.Tests;

public sealed class SamTranslatorTests
{
    private static readonly SamTransformOptions UsEast1 = new() { Region = "us-east-1" };

    private static JsonObject Transform(string yaml, SamTransformOptions? options = null) =>
        SamTranslator.Transform(yaml, options ?? UsEast1);

    private static InvalidSamDocumentException Rejects(string yaml) =>
        Assert.Throws<InvalidSamDocumentException>(() => Transform(yaml));

    private const string Function = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          OrdersFunction:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: s3://bucket/key
              Handler: bootstrap
              Runtime: provided.al2023
        """;

    [Fact]
    public void Function_GetsLambdaFunctionAndGeneratedRole()
    {
        var output = Transform(Function);
        var resources = output["Resources"]!.AsObject();
        Assert.Equal(["OrdersFunction", "OrdersFunctionRole"], resources.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.Equal("AWS::Lambda::Function", resources["OrdersFunction"]!["Type"]!.GetValue<string>());
        Assert.Equal("""{"Fn::GetAtt":["OrdersFunctionRole","Arn"]}""", resources["OrdersFunction"]!["Properties"]!["Role"]!.ToJsonString());
        Assert.False(output.ContainsKey("Transform"));
    }

    [Fact]
    public void Transform_DoesNotModifyTheInputTemplate()
    {
        var template = TemplateReader.Parse(Function);
        var before = template.ToJsonString();
        SamTranslator.Transform(template, UsEast1);
        Assert.Equal(before, template.ToJsonString());
    }

    [Theory]
    [InlineData("us-east-1", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]
    [InlineData("cn-north-1", "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]
    [InlineData("us-gov-west-1", "arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]
    public void Region_DecidesThePartitionOfManagedPolicies(string region, string expected)
    {
        var output = Transform(Function, new SamTransformOptions { Region = region });
        Assert.Equal(expected, output["Resources"]!["OrdersFunctionRole"]!["Properties"]!["ManagedPolicyArns"]![0]!.GetValue<string>());
    }

    [Fact]
    public void ManagedPolicyName_IsResolvedFromSamsBundledList()
    {
        var output = Transform(Function + "\n      Policies: [AWSLambdaExecute, arn:aws:iam::123456789012:policy/Custom, NotAPolicy]");
        var arns = output["Resources"]!["OrdersFunctionRole"]!["Properties"]!["ManagedPolicyArns"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        Assert.Equal(
            ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/AWSLambdaExecute",
             "arn:aws:iam::123456789012:policy/Custom", "NotAPolicy"],
            arns);
    }

    [Fact]
    public void PolicyTemplate_IsExpandedWithItsParameters()
    {
        var output = Transform(Function + "\n      Policies:\n        - SQSSendMessagePolicy:\n            QueueName: orders");
        var policy = output["Resources"]!["OrdersFunctionRole"]!["Properties"]!["Policies"]![0]!;
        Assert.Equal("OrdersFunctionRolePolicy0", policy["PolicyName"]!.GetValue<string>());
        Assert.Contains("\"queueName\":\"orders\"", policy["PolicyDocument"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AutoPublishAlias_VersionIdIsTheSha1OfCodeEnvironmentAndMemory()
    {
        // sha1('{"MemorySize":256,"S3Bucket":"bucket","S3Key":"key","Variables":{"TABLE":"orders","\u00dc":"\u00e9"}}')[:10] = 59df3ab05b
        var output = Transform(Function + "\n      AutoPublishAlias: live\n      MemorySize: 256\n      Environment:\n        Variables:\n          TABLE: orders\n          Ü: é\n"
            + "Outputs:\n  Alias:\n    Value: !Ref OrdersFunction.Alias\n");
        var resources = output["Resources"]!.AsObject();
        Assert.True(resources.ContainsKey("OrdersFunctionVersion59df3ab05b"), string.Join(", ", resources.Select(r => r.Key)));
        Assert.Equal("Retain", resources["OrdersFunctionVersion59df3ab05b"]!["DeletionPolicy"]!.GetValue<string>());
        Assert.Equal("""{"Ref":"OrdersFunctionAliaslive"}""", output["Outputs"]!["Alias"]!["Value"]!.ToJsonString());
    }

    [Fact]
    public void HttpApiStageName_NotAlphanumeric_GetsHashedStageLogicalId()
    {
        // sha1('dev-stage')[:10] = e2b0636497
        var output = Transform("""
            Resources:
              Api:
                Type: AWS::Serverless::HttpApi
                Properties:
                  StageName: dev-stage
            Outputs:
              Stage:
                Value: !Ref Api.Stage
            """);
        Assert.True(output["Resources"]!.AsObject().ContainsKey("ApiStagee2b0636497"));
        Assert.Equal("""{"Ref":"ApiStagee2b0636497"}""", output["Outputs"]!["Stage"]!["Value"]!.ToJsonString());
    }

    [Fact]
    public void ParameterValues_OverrideDefaultsWhereSamResolvesThem()
    {
        var yaml = """
            Parameters:
              Retries:
                Type: Number
                Default: 2
            Resources:
              F:
                Type: AWS::Serverless::Function
                Properties:
                  InlineCode: x
                  Handler: h
                  Runtime: python3.12
                  EventInvokeConfig:
                    MaximumRetryAttempts: !Ref Retries
            """;
        Assert.Equal(2, Transform(yaml)["Resources"]!["FEventInvokeConfig"]!["Properties"]!["MaximumRetryAttempts"]!.GetValue<long>());
        var withValue = Transform(yaml, new SamTransformOptions { Region = "us-east-1", ParameterValues = new Dictionary<string, string> { ["Retries"] = "0" } });
        Assert.Equal("0", withValue["Resources"]!["FEventInvokeConfig"]!["Properties"]!["MaximumRetryAttempts"]!.GetValue<string>());
    }

    [Fact]
    public void ResourceTypeOutsideTheTransform_FailsNamingTypeAndLocation()
    {
        var error = Rejects("""
            Resources:
              Api:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: prod
            """);
        Assert.Equal(
            "Invalid Serverless Application Specification document. Number of errors found: 1. Resource with id [Api] is invalid. "
            + "Resource type 'AWS::Serverless::Api' is not supported by this SAM transform (Resources.Api.Type). "
            + "Supported: AWS::Serverless::Function, AWS::Serverless::HttpApi, AWS::Serverless::SimpleTable, AWS::Serverless::LayerVersion, AWS::Serverless::WebSocketApi, AWS::Serverless::StateMachine.",
            error.Message);
    }

    [Fact]
    public void EventTypeOutsideTheTransform_FailsNamingTheEvent()
    {
        var error = Rejects(Function + "\n      Events:\n        GetOrder:\n          Type: Api\n          Properties:\n            Path: /orders/{id}\n            Method: get");
        Assert.Contains("Resource with id [OrdersFunction] is invalid. Event with id [GetOrder] is invalid. Event type 'Api' is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("Resources.OrdersFunction.Properties.Events.GetOrder.Type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PropertyOutsideTheTransform_FailsNamingTheProperty()
    {
        var error = Rejects(Function + "\n      CapacityProviderConfig:\n        Arn: arn:aws:lambda:us-east-1:123456789012:capacity-provider:cp");
        Assert.Contains("Property 'CapacityProviderConfig' is not supported by this SAM transform", error.Message, StringComparison.Ordinal);
        Assert.Contains("Resources.OrdersFunction.Properties.CapacityProviderConfig", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownProperty_FailsAsSamDoes()
    {
        var error = Rejects(Function + "\n      Colour: blue");
        Assert.Equal(
            "Invalid Serverless Application Specification document. Number of errors found: 1. Resource with id [OrdersFunction] is invalid. property Colour not defined for resource of type AWS::Serverless::Function",
            error.Message);
    }

    [Fact]
    public void SeveralInvalidResources_AreAllReportedInLogicalIdOrder()
    {
        var error = Rejects("""
            Resources:
              Zeta:
                Type: AWS::Serverless::SimpleTable
                Properties:
                  PrimaryKey: {Name: id}
              Alpha:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: h
                  Runtime: python3.12
            """);
        Assert.Equal(2, error.Errors.Count);
        Assert.StartsWith("Resource with id [Alpha] is invalid.", error.Errors[0], StringComparison.Ordinal);
        Assert.Equal("Resource with id [Zeta] is invalid. Property 'PrimaryKey.Type' is required.", error.Errors[1]);
        Assert.Equal("Invalid Serverless Application Specification document. Number of errors found: 2. " + string.Join(' ', error.Errors), error.Message);
    }

    [Fact]
    public void MissingResources_IsATemplateStructureError()
    {
        var error = Assert.Throws<InvalidSamDocumentException>(() => Transform("Parameters: {}"));
        Assert.Equal("Invalid Serverless Application Specification document. Number of errors found: 1. Structure of the SAM template is invalid. 'Resources' section is required", error.Message);
    }

    [Fact]
    public void LayerVersion_IdIsHashedAndReferencesFollow()
    {
        // sha1('{"MyLayer":{"Properties":{"CompatibleRuntimes":["python3.12"],"ContentUri":"s3://bucket/layer.zip"},"Type":"AWS::Serverless::LayerVersion"}}')[:10]
        var output = Transform(Function + "\n      Layers: [!Ref MyLayer]\n"
            + "  MyLayer:\n    Type: AWS::Serverless::LayerVersion\n    Properties:\n      ContentUri: s3://bucket/layer.zip\n      CompatibleRuntimes: [python3.12]\n");
        var resources = output["Resources"]!.AsObject();
        Assert.True(resources.ContainsKey("MyLayer70c41bafd9"), string.Join(", ", resources.Select(r => r.Key)));
        Assert.Equal("Retain", resources["MyLayer70c41bafd9"]!["DeletionPolicy"]!.GetValue<string>());
        Assert.Equal("""[{"Ref":"MyLayer70c41bafd9"}]""", resources["OrdersFunction"]!["Properties"]!["Layers"]!.ToJsonString());
    }

    [Fact]
    public void SnsEvent_SubscribesTheFunctionAndAllowsTheTopic()
    {
        var output = Transform(Function + "\n      Events:\n        OnAlert:\n          Type: SNS\n          Properties:\n            Topic: arn:aws:sns:us-east-1:123456789012:alerts");
        var resources = output["Resources"]!.AsObject();
        Assert.Equal("AWS::SNS::Subscription", resources["OrdersFunctionOnAlert"]!["Type"]!.GetValue<string>());
        Assert.Equal("lambda", resources["OrdersFunctionOnAlert"]!["Properties"]!["Protocol"]!.GetValue<string>());
        Assert.Equal("sns.amazonaws.com", resources["OrdersFunctionOnAlertPermission"]!["Properties"]!["Principal"]!.GetValue<string>());
    }

    [Fact]
    public void DeploymentPreference_AddsCodeDeployResourcesAndTheAliasUpdatePolicy()
    {
        var output = Transform(Function + "\n      AutoPublishAlias: live\n      DeploymentPreference:\n        Type: Canary10Percent5Minutes");
        var resources = output["Resources"]!.AsObject();
        Assert.Equal("AWS::CodeDeploy::Application", resources["ServerlessDeploymentApplication"]!["Type"]!.GetValue<string>());
        Assert.Equal("AWS::IAM::Role", resources["CodeDeployServiceRole"]!["Type"]!.GetValue<string>());
        Assert.Equal(
            """{"Fn::Sub":["CodeDeployDefault.Lambda${ConfigName}",{"ConfigName":"Canary10Percent5Minutes"}]}""",
            resources["OrdersFunctionDeploymentGroup"]!["Properties"]!["DeploymentConfigName"]!.ToJsonString());
        Assert.Equal(
            """{"CodeDeployLambdaAliasUpdate":{"ApplicationName":{"Ref":"ServerlessDeploymentApplication"},"DeploymentGroupName":{"Ref":"OrdersFunctionDeploymentGroup"}}}""",
            resources["OrdersFunctionAliaslive"]!["UpdatePolicy"]!.ToJsonString());
    }

    [Fact]
    public void DeploymentPreference_WithoutAlias_IsRejected()
    {
        var error = Rejects(Function + "\n      DeploymentPreference:\n        Type: AllAtOnce");
        Assert.EndsWith("Resource with id [OrdersFunction] is invalid. 'DeploymentPreference' requires AutoPublishAlias property to be specified.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Event_AddsTheFunctionToTheBucketNotifications()
    {
        var output = Transform(Function + "\n      Events:\n        Upload:\n          Type: S3\n          Properties:\n            Bucket: !Ref Uploads\n            Events: s3:ObjectCreated:*\n"
            + "  Uploads:\n    Type: AWS::S3::Bucket\n");
        var bucket = output["Resources"]!["Uploads"]!;
        Assert.Equal("""["OrdersFunctionUploadPermission"]""", bucket["DependsOn"]!.ToJsonString());
        Assert.Equal(
            """[{"Function":{"Fn::GetAtt":["OrdersFunction","Arn"]},"Event":"s3:ObjectCreated:*"}]""",
            bucket["Properties"]!["NotificationConfiguration"]!["LambdaConfigurations"]!.ToJsonString());
    }
}
