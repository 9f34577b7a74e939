using System.Net;
using System.Text.Json.Nodes;
using LocalCloud.Core.Resources;
using LocalCloud.Testing;
using LocalCloud.Testing.Resources;
using static LocalCloud.Scheduler.Tests.SchedulerApi;

namespace LocalCloud.Scheduler.Tests;

public sealed class ScheduleResourceProviderTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private const string Group = "AWS::Scheduler::ScheduleGroup";
    private const string Schedule = "AWS::Scheduler::Schedule";

    private readonly HttpClient _http = fixture.CreateHttpClient();

    private static JsonObject ScheduleProperties(string expression, string? group = null, string? name = null) => new()
    {
        ["Name"] = name,
        ["GroupName"] = group,
        ["ScheduleExpression"] = expression,
        ["FlexibleTimeWindow"] = new JsonObject { ["Mode"] = "OFF" },
        ["ActionAfterCompletion"] = "DELETE",
        ["Target"] = new JsonObject
        {
            ["Arn"] = QueueArn("deadlines"),
            ["RoleArn"] = Role,
            ["Input"] = """{"orderId":"o-1"}""",
            ["RetryPolicy"] = new JsonObject { ["MaximumRetryAttempts"] = "3", ["MaximumEventAgeInSeconds"] = 600 },
        },
    };

    [Fact]
    public void Properties_NameAndGroupReplace_TheRestUpdatesInPlace()
    {
        var provider = new ResourceOperations(fixture.Host).Provider(Schedule);

        Assert.Equal(UpdateBehavior.Replacement, provider.Properties["Name"]);
        Assert.Equal(UpdateBehavior.Replacement, provider.Properties["GroupName"]);
        Assert.Equal(UpdateBehavior.NoInterruption, provider.Properties["ScheduleExpression"]);
        Assert.Equal(UpdateBehavior.NoInterruption, provider.Properties["Target"]);
    }

    [Fact]
    public async Task Group_CreatedWithAGeneratedName_TagsUpdated_DeletedTwiceQuietly()
    {
        var ops = new ResourceOperations(fixture.Host, "orders-stack");
        var properties = new JsonObject { ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "orders" }) };

        var created = await ops.CreateAsync(Group, "Deadlines", properties);
        var arn = created.Attributes["Arn"]!.GetValue<string>();
        var tagsPath = "/tags/" + Uri.EscapeDataString(arn);
        var tags = await OkAsync(_http, HttpMethod.Get, tagsPath);

        var retagged = new JsonObject { ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "payments" }) };
        var updated = await ops.UpdateAsync(Group, "Deadlines", created, properties, retagged);
        var tagsAfter = await OkAsync(_http, HttpMethod.Get, tagsPath);

        await ops.DeleteAsync(Group, "Deadlines", retagged, updated);
        var (status, _) = await CallAsync(_http, HttpMethod.Get, "/schedule-groups/" + created.PhysicalId);
        await ops.DeleteAsync(Group, "Deadlines", retagged, updated);

        Assert.Equal(ops.GeneratedName("Deadlines", 64), created.PhysicalId);
        Assert.Equal($"arn:aws:scheduler:us-east-1:{Account}:schedule-group/{created.PhysicalId}", arn);
        Assert.Equal("ACTIVE", created.Attributes["State"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(created.Attributes["CreationDate"]!.GetValue<string>(), out _));
        Assert.Equal("orders", tags.GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.Equal(created.PhysicalId, updated.PhysicalId);
        Assert.Equal("payments", tagsAfter.GetProperty("Tags")[0].GetProperty("Value").GetString());
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Schedule_InAGroup_CreatedUpdatedInPlaceAndDeleted()
    {
        var ops = new ResourceOperations(fixture.Host, "orders-stack");
        var group = await ops.CreateAsync(Group, "Group", new JsonObject { ["Name"] = "cfn-orders" });
        var first = ScheduleProperties(At(DateTimeOffset.UtcNow.AddDays(2)), group.PhysicalId, "deadline-o-1");
        var second = ScheduleProperties("rate(15 minutes)", group.PhysicalId, "deadline-o-1");
        second["Description"] = "every quarter hour";

        var created = await ops.CreateAsync(Schedule, "Deadline", first);
        var described = await OkAsync(_http, HttpMethod.Get, "/schedules/deadline-o-1?groupName=cfn-orders");
        var updated = await ops.UpdateAsync(Schedule, "Deadline", created, first, second);
        var redescribed = await OkAsync(_http, HttpMethod.Get, "/schedules/deadline-o-1?groupName=cfn-orders");
        await ops.DeleteAsync(Schedule, "Deadline", second, updated);
        var gone = await ErrorAsync(_http, HttpMethod.Get, "/schedules/deadline-o-1?groupName=cfn-orders");
        await ops.DeleteAsync(Schedule, "Deadline", second, updated);
        await ops.DeleteAsync(Group, "Group", new JsonObject { ["Name"] = "cfn-orders" }, group);

        Assert.Equal("deadline-o-1", created.PhysicalId);
        Assert.Equal($"arn:aws:scheduler:us-east-1:{Account}:schedule/cfn-orders/deadline-o-1", created.Attributes["Arn"]!.GetValue<string>());
        Assert.Equal("DELETE", described.GetProperty("ActionAfterCompletion").GetString());
        Assert.Equal(3, described.GetProperty("Target").GetProperty("RetryPolicy").GetProperty("MaximumRetryAttempts").GetInt32());
        Assert.Equal("""{"orderId":"o-1"}""", described.GetProperty("Target").GetProperty("Input").GetString());
        Assert.Equal(created.PhysicalId, updated.PhysicalId);
        Assert.Equal("rate(15 minutes)", redescribed.GetProperty("ScheduleExpression").GetString());
        Assert.Equal("every quarter hour", redescribed.GetProperty("Description").GetString());
        Assert.Equal((HttpStatusCode.NotFound, "ResourceNotFoundException"), (gone.Status, gone.Code));
    }

    [Fact]
    public async Task Schedule_WithoutAName_GetsCloudFormationsGeneratedName_InTheDefaultGroup()
    {
        var ops = new ResourceOperations(fixture.Host, "notifications-stack");
        var properties = ScheduleProperties("rate(1 hour)");

        var created = await ops.CreateAsync(Schedule, "Reminder", properties);
        var described = await OkAsync(_http, HttpMethod.Get, "/schedules/" + created.PhysicalId);
        await ops.DeleteAsync(Schedule, "Reminder", properties, created);

        Assert.Equal(ops.GeneratedName("Reminder", 64), created.PhysicalId);
        Assert.Equal("default", described.GetProperty("GroupName").GetString());
    }

    [Fact]
    public async Task Schedule_TheSchedulerRejects_FailsTheResourceWithSchedulersMessage()
    {
        var ops = new ResourceOperations(fixture.Host);
        var properties = ScheduleProperties("every tuesday", name: "bad-expression");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ops.CreateAsync(Schedule, "Bad", properties));
        var (status, _) = await CallAsync(_http, HttpMethod.Get, "/schedules/bad-expression");

        Assert.Contains("expression", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Schedule_WithAPropertyOfTheWrongType_FailsValidation()
    {
        var ops = new ResourceOperations(fixture.Host);
        var properties = ScheduleProperties("rate(1 hour)", name: "wrong-type");
        properties["Target"] = "not an object";

        var error = await Assert.ThrowsAsync<ResourceProviderException>(() => ops.CreateAsync(Schedule, "Wrong", properties));

        Assert.StartsWith("Properties validation failed", error.Message, StringComparison.Ordinal);
    }
}
