using System.Text.Json.Nodes;

namespace LocalCloud.CloudFormation.Tests;

/// <summary>Stacks created, updated (in place and by replacement), rolled back and deleted with the fake providers.</summary>
public sealed class DeploymentTests(CfnHostFixture fixture) : IClassFixture<CfnHostFixture>
{
    private CfnClient Cfn => fixture.Client;

    private List<string> LogOf(string name) => [.. fixture.World.Entries.Where(e => e.Contains(name, StringComparison.Ordinal))];

    [Fact]
    public async Task Create_RunsInDependencyOrder_AndDeleteInReverse()
    {
        var name = CfnClient.Unique("order");
        const string Template = """
            Resources:
              C: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref B}}
              B: {Type: AWS::SSM::Parameter, Properties: {Value: !GetAtt A.Arn}}
              A: {Type: AWS::SSM::Parameter}
              D: {Type: AWS::SSM::Parameter, DependsOn: C}
            """;
        var id = await Cfn.CreateStackAsync(name, Template);
        Assert.Equal("CREATE_COMPLETE", (await Cfn.WaitAsync(id)).GetProperty("StackStatus").GetString());
        Assert.Equal("DELETE_COMPLETE", await Cfn.DeleteAsync(id));

        var log = LogOf(name);
        var creates = log.Where(e => e.StartsWith("Create", StringComparison.Ordinal)).Select(e => e.Split(' ')[1]).ToList();
        var deletes = log.Where(e => e.StartsWith("Delete", StringComparison.Ordinal)).Select(e => e.Split(' ')[1]).ToList();
        Assert.Equal(["A", "B", "C", "D"], creates);
        Assert.Equal(["D", "C", "B", "A"], deletes);
        var events = await Cfn.EventsAsync(id);
        Assert.Equal((name, "CREATE_IN_PROGRESS", "User Initiated"), events[0]);
        Assert.Equal((name, "DELETE_COMPLETE", null), events[^1]);
        var deleted = await Cfn.FailAsync("DescribeStacks", new JsonObject { ["StackName"] = name });
        Assert.Equal($"Stack with id {name} does not exist", deleted.Message);
        Assert.Equal("DELETE_COMPLETE", (await Cfn.DescribeAsync(id)).GetProperty("StackStatus").GetString());
    }

    [Fact]
    public async Task Update_InPlace_ThenByReplacement_ThenRemovingAResource()
    {
        var name = CfnClient.Unique("upd");
        var id = await Cfn.CreateStackAsync(name, """
            Parameters: {V: {Type: String}}
            Resources:
              A: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref V, Replace: one}}
              B: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref A}}
              Gone: {Type: AWS::SSM::Parameter}
            Outputs: {A: {Value: !Ref A}}
            """, CfnClient.Parameters(("V", "1")));
        var created = await Cfn.WaitAsync(id);
        var firstA = CfnClient.Outputs(created)["A"];

        var inPlace = await Cfn.UpdateAsync(name, """
            Parameters: {V: {Type: String}}
            Resources:
              A: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref V, Replace: one}}
              B: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref A}}
              Gone: {Type: AWS::SSM::Parameter}
            Outputs: {A: {Value: !Ref A}}
            """, CfnClient.Parameters(("V", "2")));
        Assert.Equal("UPDATE_COMPLETE", inPlace);
        Assert.Equal(firstA, CfnClient.Outputs(await Cfn.DescribeAsync(name))["A"]);
        Assert.Contains($"Update A {firstA}", LogOf(name));

        var replaced = await Cfn.UpdateAsync(name, """
            Parameters: {V: {Type: String}}
            Resources:
              A: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref V, Replace: two}}
              B: {Type: AWS::SSM::Parameter, Properties: {Value: !Ref A}}
            Outputs: {A: {Value: !Ref A}}
            """, CfnClient.Parameters(("V", "2")));
        Assert.Equal("UPDATE_COMPLETE", replaced);
        var secondA = CfnClient.Outputs(await Cfn.DescribeAsync(name))["A"];
        Assert.NotEqual(firstA, secondA);
        var log = LogOf(name);
        Assert.True(log.IndexOf($"Create A {secondA}") < log.IndexOf($"Delete A {firstA}"), string.Join("\n", log));
        Assert.Contains(log, e => e.StartsWith("Update B ", StringComparison.Ordinal));
        Assert.Contains(log, e => e.StartsWith("Delete Gone ", StringComparison.Ordinal));
        Assert.Equal(secondA, fixture.World.Existing[(await Cfn.ResourcesAsync(name))["B"].GetProperty("PhysicalResourceId").GetString()!]["Value"]!.GetValue<string>());
        Assert.False(fixture.World.Existing.ContainsKey(firstA));
        var events = await Cfn.EventsAsync(name);
        Assert.Contains(("A", "UPDATE_IN_PROGRESS", "Requested update requires the creation of a new physical resource; hence creating one."), events);
        var stackStatuses = events.Where(e => e.LogicalId == name).Select(e => e.Status).ToList();
        Assert.Equal(["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"], stackStatuses[^3..]);
        Assert.True(events.FindLastIndex(e => e.LogicalId == "A" && e.Status == "DELETE_COMPLETE") > events.FindLastIndex(e => e.Status == "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"));

        var none = await Cfn.FailAsync("UpdateStack", new JsonObject { ["StackName"] = name, ["UsePreviousTemplate"] = true, ["Parameters"] = new JsonArray(new JsonObject { ["ParameterKey"] = "V", ["UsePreviousValue"] = true }) });
        Assert.Equal("No updates are to be performed.", none.Message);
    }

    [Fact]
    public async Task FailedCreate_RollsBackEverything()
    {
        var name = CfnClient.Unique("rb");
        var id = await Cfn.CreateStackAsync(name, """
            Resources:
              Ok: {Type: AWS::SSM::Parameter}
              Bad: {Type: AWS::SSM::Parameter, DependsOn: Ok, Properties: {FailCreate: true}}
              After: {Type: AWS::SSM::Parameter, DependsOn: Bad}
            """);
        var stack = await Cfn.WaitAsync(id);

        Assert.Equal("ROLLBACK_COMPLETE", stack.GetProperty("StackStatus").GetString());
        var events = await Cfn.EventsAsync(id);
        Assert.Contains(("Bad", "CREATE_FAILED", "boom creating Bad"), events);
        Assert.Contains((name, "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [Bad]. Rollback requested by user."), events);
        Assert.Contains(("Ok", "DELETE_COMPLETE", null), events);
        Assert.DoesNotContain(events, e => e.LogicalId == "After");
        Assert.Empty(await Cfn.ResourcesAsync(id));
        Assert.DoesNotContain(fixture.World.Existing.Keys, k => k.StartsWith(name, StringComparison.Ordinal));
        var update = await Cfn.FailAsync("UpdateStack", new JsonObject { ["StackName"] = name, ["UsePreviousTemplate"] = true });
        Assert.Equal($"Stack:{id} is in ROLLBACK_COMPLETE state and can not be updated.", update.Message);
    }

    [Fact]
    public async Task FailedCreate_CancelsSiblingsInFlight()
    {
        var name = CfnClient.Unique("cancel");
        var id = await Cfn.CreateStackAsync(name, """
            Resources:
              Slow: {Type: AWS::SSM::Parameter, Properties: {Block: true}}
              Bad: {Type: AWS::SSM::Document, Properties: {FailCreate: true}}
            """);
        var stack = await Cfn.WaitAsync(id);

        Assert.Equal("ROLLBACK_COMPLETE", stack.GetProperty("StackStatus").GetString());
        var events = await Cfn.EventsAsync(id);
        Assert.Contains(("Slow", "CREATE_FAILED", "Resource creation cancelled"), events);
        Assert.Contains((name, "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [Bad, Slow]. Rollback requested by user."), events);
    }

    [Theory]
    [InlineData("DO_NOTHING", "CREATE_FAILED")]
    [InlineData("DELETE", "DELETE_COMPLETE")]
    public async Task FailedCreate_HonoursOnFailure(string onFailure, string status)
    {
        var name = CfnClient.Unique("onfail");
        var result = await Cfn.CallAsync("CreateStack", new JsonObject
        {
            ["StackName"] = name,
            ["OnFailure"] = onFailure,
            ["TemplateBody"] = "Resources: {Ok: {Type: AWS::SSM::Parameter}, Bad: {Type: AWS::SSM::Parameter, DependsOn: Ok, Properties: {FailCreate: true}}}",
        });
        var stack = await Cfn.WaitAsync(result.GetProperty("StackId").GetString()!);

        Assert.Equal(status, stack.GetProperty("StackStatus").GetString());
        if (status == "CREATE_FAILED")
        {
            Assert.Equal("CREATE_COMPLETE", (await Cfn.ResourcesAsync(name))["Ok"].GetProperty("ResourceStatus").GetString());
        }
    }

    [Fact]
    public async Task FailedUpdate_RollsBackToThePreviousProperties()
    {
        var name = CfnClient.Unique("urb");
        await Cfn.DeployAsync(name, """
            Resources:
              A: {Type: AWS::SSM::Parameter, Properties: {Value: old, Replace: r1}}
              B: {Type: AWS::SSM::Parameter, Properties: {Value: old}}
            Outputs: {A: {Value: !Ref A}}
            """);
        var before = await Cfn.ResourcesAsync(name);
        var oldA = before["A"].GetProperty("PhysicalResourceId").GetString()!;
        var oldB = before["B"].GetProperty("PhysicalResourceId").GetString()!;

        var status = await Cfn.UpdateAsync(name, """
            Resources:
              A: {Type: AWS::SSM::Parameter, Properties: {Value: new, Replace: r2}}
              B: {Type: AWS::SSM::Parameter, DependsOn: A, Properties: {Value: new, FailUpdate: true}}
              Added: {Type: AWS::SSM::Parameter, DependsOn: A}
            Outputs: {A: {Value: !Ref A}}
            """);

        Assert.Equal("UPDATE_ROLLBACK_COMPLETE", status);
        var after = await Cfn.ResourcesAsync(name);
        Assert.Equal(oldA, after["A"].GetProperty("PhysicalResourceId").GetString());
        Assert.Equal(["A", "B"], after.Keys.Order());
        Assert.Equal("old", fixture.World.Existing[oldA]["Value"]!.GetValue<string>());
        Assert.Equal("old", fixture.World.Existing[oldB]["Value"]!.GetValue<string>());
        Assert.DoesNotContain(fixture.World.Existing.Keys, k => k.Contains("-Added-", StringComparison.Ordinal) && k.StartsWith(name, StringComparison.Ordinal));
        Assert.Equal(1, fixture.World.Existing.Keys.Count(k => k.StartsWith(name + "-A-", StringComparison.Ordinal)));
        var events = await Cfn.EventsAsync(name);
        var statuses = events.Where(e => e.LogicalId == name).Select(e => e.Status).ToList();
        Assert.Equal(["CREATE_IN_PROGRESS", "CREATE_COMPLETE", "UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE"], statuses);
        Assert.Contains((name, "UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [B]. "), events);
        Assert.Equal(oldA, CfnClient.Outputs(await Cfn.DescribeAsync(name))["A"]);
    }

    [Fact]
    public async Task Replacement_OfACustomNamedResource_Fails()
    {
        var name = CfnClient.Unique("named");
        var physical = CfnClient.Unique("fixed");
        await Cfn.DeployAsync(name, $"Resources: {{A: {{Type: AWS::SSM::Parameter, Properties: {{Name: {physical}, Replace: one}}}}}}");

        var status = await Cfn.UpdateAsync(name, $"Resources: {{A: {{Type: AWS::SSM::Parameter, Properties: {{Name: {physical}, Replace: two}}}}}}");

        Assert.Equal("UPDATE_ROLLBACK_COMPLETE", status);
        Assert.Contains(("A", "UPDATE_FAILED", $"CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename {physical} and update the stack again."),
            await Cfn.EventsAsync(name));
    }

    [Theory]
    [InlineData("Resources: {A: {Type: AWS::SSM::Parameter, Properties: {Foo: 1}}}", "Encountered unsupported property Foo")]
    [InlineData("Resources: {A: {Type: AWS::SNS::Topic}}", "Resource type AWS::SNS::Topic is not supported")]
    public async Task UnsupportedTypeOrProperty_FailsTheResource(string template, string reason)
    {
        var name = CfnClient.Unique("unsup");
        var status = await Cfn.DeployAsync(name, template);

        Assert.Equal("ROLLBACK_COMPLETE", status);
        Assert.Contains(await Cfn.EventsAsync(name), e => e.LogicalId == "A" && e.Status == "CREATE_FAILED" && e.Reason!.StartsWith(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeletionPolicyRetain_KeepsTheResource()
    {
        var name = CfnClient.Unique("retain");
        var id = await Cfn.CreateStackAsync(name, """
            Resources:
              Kept: {Type: AWS::SSM::Parameter, DeletionPolicy: Retain}
              Snap: {Type: AWS::SSM::Parameter, DeletionPolicy: Snapshot}
            """);
        await Cfn.WaitAsync(id);
        var kept = (await Cfn.ResourcesAsync(id))["Kept"].GetProperty("PhysicalResourceId").GetString()!;

        Assert.Equal("DELETE_COMPLETE", await Cfn.DeleteAsync(id));
        Assert.True(fixture.World.Existing.ContainsKey(kept));
        var events = await Cfn.EventsAsync(id);
        Assert.Contains(("Kept", "DELETE_SKIPPED", null), events);
        Assert.Contains(("Snap", "DELETE_COMPLETE", null), events);
    }

    [Fact]
    public async Task Exports_AreImported_AndCannotBeRemovedOrChangedWhileInUse()
    {
        var producer = CfnClient.Unique("producer");
        var consumer = CfnClient.Unique("consumer");
        var exportName = producer + "-Value";
        await Cfn.DeployAsync(producer, $$$"""
            Resources:
              A: {Type: AWS::SSM::Parameter, Properties: {Value: v1}}
            Outputs:
              V: {Value: !GetAtt A.Value, Export: {Name: {{{exportName}}} }}
            """);
        Assert.Equal("CREATE_COMPLETE", await Cfn.DeployAsync(consumer, $$$"""
            Resources:
              B:
                Type: AWS::SSM::Parameter
                Properties: {Value: !ImportValue {{{exportName}}} }
            Outputs: {Imported: {Value: !GetAtt B.Value}}
            """));
        Assert.Equal("v1", CfnClient.Outputs(await Cfn.DescribeAsync(consumer))["Imported"]);
        var imports = await Cfn.CallAsync("ListImports", new JsonObject { ["ExportName"] = exportName });
        Assert.Equal(consumer, imports.GetProperty("Imports")[0].GetString());

        var changed = await Cfn.UpdateAsync(producer, $$$"""
            Resources:
              A: {Type: AWS::SSM::Parameter, Properties: {Value: v2}}
            Outputs:
              V: {Value: !GetAtt A.Value, Export: {Name: {{{exportName}}} }}
            """);
        Assert.Equal("UPDATE_ROLLBACK_COMPLETE", changed);
        Assert.Contains((producer, "UPDATE_ROLLBACK_IN_PROGRESS", $"Export {exportName} cannot be updated as it is in use by {consumer}"), await Cfn.EventsAsync(producer));

        var removed = await Cfn.UpdateAsync(producer, "Resources: {A: {Type: AWS::SSM::Parameter, Properties: {Value: v1}}}");
        Assert.Equal("UPDATE_ROLLBACK_COMPLETE", removed);
        Assert.Contains((producer, "UPDATE_ROLLBACK_IN_PROGRESS", $"Export {exportName} cannot be deleted as it is in use by {consumer}"), await Cfn.EventsAsync(producer));

        var producerId = (await Cfn.DescribeAsync(producer)).GetProperty("StackId").GetString()!;
        Assert.Equal("DELETE_FAILED", await Cfn.DeleteAsync(producerId));
        Assert.Equal($"Export {exportName} cannot be deleted as it is in use by {consumer}", (await Cfn.DescribeAsync(producerId)).GetProperty("StackStatusReason").GetString());

        await Cfn.DeleteAsync((await Cfn.DescribeAsync(consumer)).GetProperty("StackId").GetString()!);
        Assert.Equal("DELETE_COMPLETE", await Cfn.DeleteAsync(producerId));
        var exports = await Cfn.CallAsync("ListExports", new { });
        Assert.DoesNotContain(exports.GetProperty("Exports").EnumerateArray(), e => e.GetProperty("Name").GetString() == exportName);
    }

    [Fact]
    public async Task IamResources_AreRecordedWithTheirReferences()
    {
        var name = CfnClient.Unique("iam");
        var status = await Cfn.DeployAsync(name, """
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  Path: /service/
                  AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
              Inline:
                Type: AWS::IAM::Policy
                Properties: {PolicyName: p, Roles: [!Ref Role], PolicyDocument: {Statement: []}}
              Managed:
                Type: AWS::IAM::ManagedPolicy
                Properties: {ManagedPolicyName: mp, PolicyDocument: {Statement: []}, Roles: [!Ref Role]}
            Outputs:
              RoleName: {Value: !Ref Role}
              RoleArn: {Value: !GetAtt Role.Arn}
              RoleId: {Value: !GetAtt Role.RoleId}
              Managed: {Value: !Ref Managed}
              ManagedArn: {Value: !GetAtt Managed.PolicyArn}
            """, null, "CAPABILITY_NAMED_IAM");

        Assert.Equal("CREATE_COMPLETE", status);
        var o = CfnClient.Outputs(await Cfn.DescribeAsync(name));
        Assert.StartsWith($"{name}-Role-", o["RoleName"], StringComparison.Ordinal);
        Assert.True(o["RoleName"].Length <= 64);
        Assert.Equal($"arn:aws:iam::000000000000:role/service/{o["RoleName"]}", o["RoleArn"]);
        Assert.Matches("^AROA[A-Z0-9]{17}$", o["RoleId"]);
        Assert.Equal("arn:aws:iam::000000000000:policy/mp", o["Managed"]);
        Assert.Equal(o["Managed"], o["ManagedArn"]);
    }

    [Fact]
    public async Task IamRole_WithoutAnAssumeRolePolicy_FailsTheResource()
    {
        var name = CfnClient.Unique("iambad");
        var status = await Cfn.DeployAsync(name, "Resources: {Role: {Type: AWS::IAM::Role}}", null, "CAPABILITY_IAM");

        Assert.Equal("ROLLBACK_COMPLETE", status);
        Assert.Contains(("Role", "CREATE_FAILED", "Properties validation failed for resource Role with message: #: required key [AssumeRolePolicyDocument] not found"),
            await Cfn.EventsAsync(name));
    }
}
