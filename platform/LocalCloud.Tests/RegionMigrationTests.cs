using Amazon.Runtime;
using Amazon.SQS;
using Aws;
using Aws.EventBridge;
using Aws.Schemas;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.EventBridge;
using LocalCloud.Schemas;
using LocalCloud.Sqs;
using LocalCloud.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalCloud.Tests;

/// <summary>State written before resources became regional is found, after the migration, in the default
/// account in us-east-1.</summary>
public sealed class RegionMigrationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "localcloud-migration-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task StateFromBeforeRegions_MovesToTheDefaultAccountInUsEast1()
    {
        Directory.CreateDirectory(_directory);
        using (var store = new SqliteStore(_directory, NullLogger<SqliteStore>.Instance))
        {
            store.ApplySchema(FirstVersion(SqsStore.Schema));
            store.ApplySchema(FirstVersion(EventBridgeStore.Schema));
            store.ApplySchema(FirstVersion(SchemasStore.Storage));
            var md5 = SqsMd5.OfBody("kept");
            await store.WriteAsync(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = """
                    INSERT INTO sqs_queues (name, created, modified, attributes, tags) VALUES ('old-queue', 1, 1, '{}', '{}');
                    INSERT INTO sqs_messages (queue, id, body, md5, sender, sent_ms, visible_ms) VALUES ('old-queue', 'm1', 'kept', $md5, 'x', 4102444800000, 0);
                    INSERT INTO eventbridge_buses (name, json) VALUES ('old-bus', '{"Name":"old-bus","CreatedAtMs":1,"ModifiedAtMs":1}');
                    INSERT INTO eventbridge_rules (bus, name, json) VALUES ('old-bus', 'old-rule', '{"Bus":"old-bus","Name":"old-rule","EventPattern":"{\"source\":[\"x\"]}","State":"ENABLED","CreatedAtMs":1,"Targets":[]}');
                    INSERT INTO schemas_registries (name, description, tags, created_at) VALUES ('old-registry', 'kept', '{}', 1);
                    INSERT INTO schemas_schemas (registry, name, description, tags, last_modified, next_version) VALUES ('old-registry', 's', NULL, '{}', 1, 2);
                    INSERT INTO schemas_versions (registry, schema, version, type, content, created_at) VALUES ('old-registry', 's', 1, 'JSONSchemaDraft4', '{}', 1);
                    """;
                command.Parameters.AddWithValue("$md5", md5);
                command.ExecuteNonQuery();
            });
        }

        await using var host = await LocalCloudApplication.StartAsync(new LocalCloudOptions { Port = 0, DataDirectory = _directory });
        var credentials = new BasicAWSCredentials("test", "test");
        using var sqs = new AmazonSQSClient(credentials, LocalCloudFixture.SdkConfig<AmazonSQSConfig>(host.Endpoint, "us-east-1"));
        var options = new AwsClientOptions { ServiceUrl = host.Endpoint, Region = "us-east-1", Credentials = credentials, MaxAttempts = 1 };
        using var events = new EventBridgeClient(options);
        using var schemas = new SchemasClient(options);

        var url = (await sqs.GetQueueUrlAsync("old-queue")).QueueUrl;
        var message = Assert.Single((await sqs.ReceiveMessageAsync(url)).Messages);
        var bus = await events.DescribeEventBusAsync(new DescribeEventBusRequest { Name = "old-bus" });
        var rule = await events.DescribeRuleAsync(new RuleRequest { Name = "old-rule", EventBusName = "old-bus" });
        var registry = await schemas.DescribeRegistryAsync("old-registry");
        var schema = await schemas.DescribeSchemaAsync(new DescribeSchemaRequest { RegistryName = "old-registry", SchemaName = "s" });

        Assert.Equal("kept", message.Body);
        Assert.Equal("arn:aws:events:us-east-1:000000000000:event-bus/old-bus", bus.Arn);
        Assert.Equal("arn:aws:events:us-east-1:000000000000:rule/old-bus/old-rule", rule.Arn);
        Assert.Equal("kept", registry.Description);
        Assert.Equal("arn:aws:schemas:us-east-1:000000000000:schema/old-registry/s", schema.SchemaArn);
    }

    private static StorageSchema FirstVersion(StorageSchema schema) => schema with { Migrations = [schema.Migrations[0]] };
}
