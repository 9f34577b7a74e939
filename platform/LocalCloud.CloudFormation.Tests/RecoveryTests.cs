using LocalCloud.Testing;

namespace LocalCloud.CloudFormation.Tests;

/// <summary>A local cloud that stops in the middle of a deployment rolls the stack back when it starts again.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public async Task StopDuringCreate_RollsBackOnTheNextStart()
    {
        var data = Directory.CreateTempSubdirectory("cfn-recovery-").FullName;
        try
        {
            var first = new FakeWorld();
            var name = CfnClient.Unique("crash");
            string stackId;
            await using (var host = await LocalCloudFixture.StartHostAsync(o => { o.InMemory = false; o.DataDirectory = data; o.ConfigureServices = s => FakeTypes.Register(s, first); }))
            {
                using var cfn = new CfnClient(host.Endpoint);
                stackId = await cfn.CreateStackAsync(name, """
                    Resources:
                      Ok: {Type: AWS::SSM::Parameter}
                      Stuck: {Type: AWS::SSM::Parameter, DependsOn: Ok, Properties: {Block: true}}
                    """);
                await first.BlockedStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }

            var stuckName = first.Entries.Single(e => e.StartsWith("Create Stuck ", StringComparison.Ordinal)).Split(' ')[2];
            var second = new FakeWorld();
            await using (var host = await LocalCloudFixture.StartHostAsync(o => { o.InMemory = false; o.DataDirectory = data; o.ConfigureServices = s => FakeTypes.Register(s, second); }))
            {
                using var cfn = new CfnClient(host.Endpoint);
                var stack = await cfn.WaitAsync(stackId);

                Assert.Equal("ROLLBACK_COMPLETE", stack.GetProperty("StackStatus").GetString());
                Assert.Contains($"Delete Stuck {stuckName}", second.Entries);
                Assert.Contains(second.Entries, e => e.StartsWith("Delete Ok ", StringComparison.Ordinal));
                var events = await cfn.EventsAsync(stackId);
                Assert.Contains(events, e => e.LogicalId == name && e.Status == "ROLLBACK_IN_PROGRESS");
                Assert.Empty(await cfn.ResourcesAsync(stackId));
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
