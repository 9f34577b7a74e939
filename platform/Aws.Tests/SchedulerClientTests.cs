using System.Net;
using Aws.Scheduler;
using LocalCloud.Testing;

namespace Aws.Tests;

public sealed class SchedulerClientTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private const string Role = "arn:aws:iam::000000000000:role/scheduler";

    private SchedulerClient CreateClient() => new(fixture.ClientOptions());

    [Fact]
    public async Task ScheduleAndGroupLifecycle_AgainstTheLocalCloud()
    {
        using var client = CreateClient();
        var group = await client.CreateScheduleGroupAsync(new CreateScheduleGroupRequest { Name = "client-group", Tags = [new Tag("team", "orders")] });
        Assert.Equal("arn:aws:scheduler:us-east-1:000000000000:schedule-group/client-group", group.ScheduleGroupArn);
        var start = DateTimeOffset.UtcNow.AddHours(1);
        var request = new ScheduleRequest
        {
            Name = "payment-deadline",
            GroupName = "client-group",
            ScheduleExpression = "rate(1 hour)",
            StartDate = start,
            FlexibleTimeWindow = FlexibleTimeWindow.Flexible(5),
            ActionAfterCompletion = ActionAfterCompletion.None,
            Target = new ScheduleTarget
            {
                Arn = "arn:aws:events:us-east-1:000000000000:event-bus/default",
                RoleArn = Role,
                Input = """{"orderId":"o-1"}""",
                EventBridgeParameters = new EventBridgeParameters("payment.deadline-reached.v1", "com.example.orders"),
                RetryPolicy = new RetryPolicy { MaximumRetryAttempts = 3 },
            },
        };

        var created = await client.CreateScheduleAsync(request);
        Assert.Equal("arn:aws:scheduler:us-east-1:000000000000:schedule/client-group/payment-deadline", created.ScheduleArn);
        var got = await client.GetScheduleAsync("payment-deadline", "client-group");
        Assert.Equal("rate(1 hour)", got.ScheduleExpression);
        Assert.Equal(start.ToUnixTimeSeconds(), got.StartDate!.Value.ToUnixTimeSeconds());
        Assert.Equal(5, got.FlexibleTimeWindow!.MaximumWindowInMinutes);
        Assert.Equal(3, got.Target!.RetryPolicy!.MaximumRetryAttempts);
        Assert.Equal(86400, got.Target.RetryPolicy.MaximumEventAgeInSeconds);
        Assert.Equal("com.example.orders", got.Target.EventBridgeParameters!.Source);

        await client.UpdateScheduleAsync(request with { State = ScheduleState.Disabled, ScheduleExpression = "rate(2 hours)" });
        var listed = await client.ListSchedulesAsync(new ListSchedulesRequest { GroupName = "client-group", State = ScheduleState.Disabled });
        Assert.Equal("payment-deadline", Assert.Single(listed.Schedules).Name);

        var groupInfo = await client.GetScheduleGroupAsync("client-group");
        Assert.Equal("ACTIVE", groupInfo.State);
        Assert.NotNull(groupInfo.CreationDate);

        await client.DeleteScheduleAsync("payment-deadline", "client-group");
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetScheduleAsync("payment-deadline", "client-group"));
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await client.DeleteScheduleGroupAsync("client-group");
    }

    [Fact]
    public async Task InvalidExpression_IsAValidationException()
    {
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.CreateScheduleAsync(new ScheduleRequest
        {
            Name = "bad",
            ScheduleExpression = "rate(5 minute)",
            FlexibleTimeWindow = FlexibleTimeWindow.Off,
            Target = new ScheduleTarget { Arn = "arn:aws:sqs:us-east-1:000000000000:q", RoleArn = Role },
        }));

        Assert.Equal("ValidationException", error.ErrorCode);
        Assert.Equal("Invalid Schedule Expression rate(5 minute).", error.Message);
    }
}
