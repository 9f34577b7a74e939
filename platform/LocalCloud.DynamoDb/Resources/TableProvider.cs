using System.Text;
using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Resources;

namespace LocalCloud.DynamoDb.Resources;

/// <summary>
/// <c>AWS::DynamoDB::Table</c>: Ref is the table name; <c>Arn</c> and, while the table has a stream, <c>StreamArn</c>
/// (the latest stream) for Fn::GetAtt. A table without <c>TableName</c> gets CloudFormation's generated name. Updates
/// are made as CloudFormation makes them, one <c>UpdateTable</c> per change: billing and throughput, then each global
/// secondary index removed, changed (removed and created again when its keys or projection change) or added, the
/// stream (turned off, then on with the new view type), SSE, table class, deletion protection, time to live and tags.
/// <c>PointInTimeRecoverySpecification</c> is accepted and not emulated.
/// </summary>
internal sealed class TableProvider(DynamoDbService service) : IResourceProvider
{
    private const int MaxNameLength = 255;
    private static readonly HashSet<string> IndexMembers = new(StringComparer.Ordinal) { "IndexName", "KeySchema", "Projection", "ProvisionedThroughput" };

    public string ResourceType => "AWS::DynamoDB::Table";

    public IReadOnlyDictionary<string, UpdateBehavior> Properties { get; } = new Dictionary<string, UpdateBehavior>(StringComparer.Ordinal)
    {
        ["TableName"] = UpdateBehavior.Replacement,
        ["KeySchema"] = UpdateBehavior.Replacement,
        ["LocalSecondaryIndexes"] = UpdateBehavior.Replacement,
        ["AttributeDefinitions"] = UpdateBehavior.NoInterruption,
        ["BillingMode"] = UpdateBehavior.NoInterruption,
        ["ProvisionedThroughput"] = UpdateBehavior.NoInterruption,
        ["GlobalSecondaryIndexes"] = UpdateBehavior.NoInterruption,
        ["StreamSpecification"] = UpdateBehavior.NoInterruption,
        ["TimeToLiveSpecification"] = UpdateBehavior.NoInterruption,
        ["SSESpecification"] = UpdateBehavior.NoInterruption,
        ["PointInTimeRecoverySpecification"] = UpdateBehavior.NoInterruption,
        ["DeletionProtectionEnabled"] = UpdateBehavior.NoInterruption,
        ["TableClass"] = UpdateBehavior.NoInterruption,
        ["Tags"] = UpdateBehavior.NoInterruption,
    };

    public async Task<ProvisionedResource> CreateAsync(ResourceOperation operation, CancellationToken cancellationToken)
    {
        var properties = operation.Properties;
        var name = TableName(operation);
        var request = new JsonObject
        {
            ["TableName"] = name,
            ["AttributeDefinitions"] = Pairs(properties, "AttributeDefinitions", "AttributeName", "AttributeType"),
            ["KeySchema"] = Pairs(properties, "KeySchema", "AttributeName", "KeyType"),
            ["BillingMode"] = ResourceProperties.String(properties, "BillingMode"),
            ["ProvisionedThroughput"] = Throughput(ResourceProperties.Object(properties, "ProvisionedThroughput")),
            ["TableClass"] = ResourceProperties.String(properties, "TableClass"),
            ["DeletionProtectionEnabled"] = ResourceProperties.Bool(properties, "DeletionProtectionEnabled"),
            ["SSESpecification"] = Sse(properties),
        };
        var gsis = Indexes(properties, "GlobalSecondaryIndexes");
        if (gsis.Count > 0)
        {
            request["GlobalSecondaryIndexes"] = new JsonArray([.. gsis.Values]);
        }

        var lsis = Indexes(properties, "LocalSecondaryIndexes");
        if (lsis.Count > 0)
        {
            request["LocalSecondaryIndexes"] = new JsonArray([.. lsis.Values]);
        }

        if (StreamViewType(properties) is { } viewType)
        {
            request["StreamSpecification"] = new JsonObject { ["StreamEnabled"] = true, ["StreamViewType"] = viewType };
        }

        var tags = ResourceProperties.Tags(operation);
        if (tags.Count > 0)
        {
            request["Tags"] = TagList(tags);
        }

        RemoveNulls(request);
        var description = (await CallAsync("CreateTable", request, operation.Context, cancellationToken))["TableDescription"]!;
        if (TimeToLive(properties) is ({ } attribute, true))
        {
            await UpdateTimeToLiveAsync(operation.Context, name, attribute, true, cancellationToken);
        }

        return Resource(description);
    }

    public async Task<ProvisionedResource> UpdateAsync(ResourceOperation operation, ResourceState current, CancellationToken cancellationToken)
    {
        var context = operation.Context;
        var name = current.PhysicalId;
        var before = operation.PreviousProperties ?? current.Properties;
        var after = operation.Properties;
        var attributes = Pairs(after, "AttributeDefinitions", "AttributeName", "AttributeType");

        var billing = ResourceProperties.String(after, "BillingMode") ?? "PROVISIONED";
        var billingChanged = billing != (ResourceProperties.String(before, "BillingMode") ?? "PROVISIONED");
        var throughput = Throughput(ResourceProperties.Object(after, "ProvisionedThroughput"));
        if (billingChanged || (billing == "PROVISIONED" && !JsonNode.DeepEquals(throughput, Throughput(ResourceProperties.Object(before, "ProvisionedThroughput")))))
        {
            var update = Update(name);
            if (billingChanged)
            {
                update["BillingMode"] = billing;
            }

            if (billing == "PROVISIONED" && throughput is not null)
            {
                update["ProvisionedThroughput"] = throughput;
            }

            await CallAsync("UpdateTable", update, context, cancellationToken);
        }

        await UpdateIndexesAsync(context, name, Indexes(before, "GlobalSecondaryIndexes"), Indexes(after, "GlobalSecondaryIndexes"), attributes, cancellationToken);

        var oldView = StreamViewType(before);
        var newView = StreamViewType(after);
        if (oldView != newView)
        {
            if (oldView is not null)
            {
                await CallAsync("UpdateTable", Update(name, "StreamSpecification", new JsonObject { ["StreamEnabled"] = false }), context, cancellationToken);
            }

            if (newView is not null)
            {
                await CallAsync("UpdateTable", Update(name, "StreamSpecification", new JsonObject { ["StreamEnabled"] = true, ["StreamViewType"] = newView }), context, cancellationToken);
            }
        }

        if (!JsonNode.DeepEquals(Sse(before), Sse(after)))
        {
            await CallAsync("UpdateTable", Update(name, "SSESpecification", Sse(after) ?? new JsonObject { ["Enabled"] = false }), context, cancellationToken);
        }

        if (ResourceProperties.String(before, "TableClass") != ResourceProperties.String(after, "TableClass"))
        {
            await CallAsync("UpdateTable", Update(name, "TableClass", ResourceProperties.String(after, "TableClass") ?? "STANDARD"), context, cancellationToken);
        }

        var protection = ResourceProperties.Bool(after, "DeletionProtectionEnabled") ?? false;
        if ((ResourceProperties.Bool(before, "DeletionProtectionEnabled") ?? false) != protection)
        {
            await CallAsync("UpdateTable", Update(name, "DeletionProtectionEnabled", protection), context, cancellationToken);
        }

        var oldTtl = TimeToLive(before);
        var newTtl = TimeToLive(after);
        if (oldTtl != newTtl)
        {
            if (oldTtl is ({ } oldAttribute, true))
            {
                await UpdateTimeToLiveAsync(context, name, oldAttribute, false, cancellationToken);
            }

            if (newTtl is ({ } newAttribute, true))
            {
                await UpdateTimeToLiveAsync(context, name, newAttribute, true, cancellationToken);
            }
        }

        var table = (await CallAsync("DescribeTable", new JsonObject { ["TableName"] = name }, context, cancellationToken))["Table"]!;
        await ReplaceTagsAsync(context, table["TableArn"]!.GetValue<string>(), ResourceProperties.Tags(operation), cancellationToken);
        return Resource(table);
    }

    public async Task DeleteAsync(ResourceOperation operation, ResourceState? current, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("DeleteTable", new JsonObject { ["TableName"] = current?.PhysicalId ?? TableName(operation) }, operation.Context, cancellationToken);
        }
        catch (ServiceException error) when (error.Code.EndsWith("ResourceNotFoundException", StringComparison.Ordinal))
        {
        }
    }

    /// <summary>Removes, changes and adds global secondary indexes one <c>UpdateTable</c> at a time.</summary>
    private async Task UpdateIndexesAsync(
        RequestContext context,
        string name,
        Dictionary<string, JsonObject> before,
        Dictionary<string, JsonObject> after,
        JsonArray attributes,
        CancellationToken cancellationToken)
    {
        var recreated = after.Keys.Where(k => before.TryGetValue(k, out var old)
            && !(JsonNode.DeepEquals(old["KeySchema"], after[k]["KeySchema"]) && JsonNode.DeepEquals(old["Projection"], after[k]["Projection"]))).ToHashSet(StringComparer.Ordinal);
        foreach (var index in before.Keys.Where(k => !after.ContainsKey(k) || recreated.Contains(k)))
        {
            await IndexUpdateAsync(context, name, new JsonObject { ["Delete"] = new JsonObject { ["IndexName"] = index } }, null, cancellationToken);
        }

        foreach (var (index, definition) in after)
        {
            if (!before.TryGetValue(index, out var old) || recreated.Contains(index))
            {
                await IndexUpdateAsync(context, name, new JsonObject { ["Create"] = definition.DeepClone() }, attributes, cancellationToken);
            }
            else if (!JsonNode.DeepEquals(old["ProvisionedThroughput"], definition["ProvisionedThroughput"]) && definition["ProvisionedThroughput"] is { } throughput)
            {
                var change = new JsonObject { ["IndexName"] = index, ["ProvisionedThroughput"] = throughput.DeepClone() };
                await IndexUpdateAsync(context, name, new JsonObject { ["Update"] = change }, null, cancellationToken);
            }
        }
    }

    private Task<JsonNode> IndexUpdateAsync(RequestContext context, string name, JsonObject update, JsonArray? attributes, CancellationToken cancellationToken)
    {
        var request = Update(name, "GlobalSecondaryIndexUpdates", new JsonArray(update));
        if (attributes is not null)
        {
            request["AttributeDefinitions"] = attributes.DeepClone();
        }

        return CallAsync("UpdateTable", request, context, cancellationToken);
    }

    private Task<JsonNode> UpdateTimeToLiveAsync(RequestContext context, string name, string attribute, bool enabled, CancellationToken cancellationToken) =>
        CallAsync(
            "UpdateTimeToLive",
            new JsonObject { ["TableName"] = name, ["TimeToLiveSpecification"] = new JsonObject { ["AttributeName"] = attribute, ["Enabled"] = enabled } },
            context,
            cancellationToken);

    private async Task ReplaceTagsAsync(RequestContext context, string arn, Dictionary<string, string> desired, CancellationToken cancellationToken)
    {
        var listed = await CallAsync("ListTagsOfResource", new JsonObject { ["ResourceArn"] = arn }, context, cancellationToken);
        var current = (listed["Tags"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(t => t["Key"]!.GetValue<string>(), t => t["Value"]?.GetValue<string>() ?? "", StringComparer.Ordinal);
        var removed = current.Keys.Where(k => !desired.ContainsKey(k)).ToList();
        if (removed.Count > 0)
        {
            await CallAsync("UntagResource", new JsonObject { ["ResourceArn"] = arn, ["TagKeys"] = new JsonArray([.. removed.Select(k => (JsonNode)k)]) }, context, cancellationToken);
        }

        var changed = desired.Where(t => !current.TryGetValue(t.Key, out var value) || value != t.Value).ToDictionary(StringComparer.Ordinal);
        if (changed.Count > 0)
        {
            await CallAsync("TagResource", new JsonObject { ["ResourceArn"] = arn, ["Tags"] = TagList(changed) }, context, cancellationToken);
        }
    }

    private async Task<JsonNode> CallAsync(string operation, JsonObject request, RequestContext context, CancellationToken cancellationToken)
    {
        var response = await service.HandleAsync(operation, Encoding.UTF8.GetBytes(request.ToJsonString()), context, cancellationToken);
        return JsonNode.Parse(response.Body.Span) ?? new JsonObject();
    }

    private static string TableName(ResourceOperation operation) =>
        ResourceProperties.String(operation.Properties, "TableName") is { Length: > 0 } name ? name : operation.GeneratedName(MaxNameLength);

    private static JsonObject Update(string name) => new() { ["TableName"] = name };

    private static JsonObject Update(string name, string member, JsonNode? value) => new() { ["TableName"] = name, [member] = value };

    private static ProvisionedResource Resource(JsonNode table)
    {
        var name = table["TableName"]!.GetValue<string>();
        var attributes = new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["Arn"] = table["TableArn"]!.GetValue<string>() };
        if (table["StreamSpecification"]?["StreamEnabled"]?.GetValue<bool>() == true && table["LatestStreamArn"] is { } stream)
        {
            attributes["StreamArn"] = stream.GetValue<string>();
        }

        return new ProvisionedResource(name, attributes);
    }

    /// <summary>A list of two-string objects (<c>KeySchema</c>, <c>AttributeDefinitions</c>) with CloudFormation's
    /// loose scalars made strings.</summary>
    private static JsonArray Pairs(JsonObject properties, string name, string first, string second) =>
        new([.. ResourceProperties.Objects(properties, name).Select(item => (JsonNode)new JsonObject
        {
            [first] = ResourceProperties.String(item, first),
            [second] = ResourceProperties.String(item, second),
        })]);

    private static JsonObject? Throughput(JsonObject? throughput) => throughput is null
        ? null
        : new JsonObject
        {
            ["ReadCapacityUnits"] = ResourceProperties.Long(throughput, "ReadCapacityUnits"),
            ["WriteCapacityUnits"] = ResourceProperties.Long(throughput, "WriteCapacityUnits"),
        };

    /// <summary>The indexes of <paramref name="name"/> by name, in the API's form.</summary>
    private static Dictionary<string, JsonObject> Indexes(JsonObject properties, string name)
    {
        var indexes = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var index in ResourceProperties.Objects(properties, name))
        {
            if (index.Select(p => p.Key).FirstOrDefault(k => !IndexMembers.Contains(k)) is { } unsupported)
            {
                throw new ResourceProviderException($"Property {name}.{unsupported} is not supported by the local cloud.");
            }

            var indexName = ResourceProperties.RequiredString(index, "IndexName");
            var projection = ResourceProperties.Object(index, "Projection");
            var definition = new JsonObject
            {
                ["IndexName"] = indexName,
                ["KeySchema"] = Pairs(index, "KeySchema", "AttributeName", "KeyType"),
                ["Projection"] = projection is null ? null : new JsonObject
                {
                    ["ProjectionType"] = ResourceProperties.String(projection, "ProjectionType"),
                    ["NonKeyAttributes"] = ResourceProperties.StringList(projection, "NonKeyAttributes") is { } keys
                        ? new JsonArray([.. keys.Select(k => (JsonNode)k)])
                        : null,
                },
                ["ProvisionedThroughput"] = Throughput(ResourceProperties.Object(index, "ProvisionedThroughput")),
            };
            RemoveNulls(definition);
            if (!indexes.TryAdd(indexName, definition))
            {
                throw new ResourceProviderException($"Index {indexName} appears more than once in {name}.");
            }
        }

        return indexes;
    }

    private static string? StreamViewType(JsonObject properties) =>
        ResourceProperties.Object(properties, "StreamSpecification") is { } stream ? ResourceProperties.RequiredString(stream, "StreamViewType") : null;

    /// <summary>CloudFormation's <c>SSESpecification</c> (<c>SSEEnabled</c>) in the API's form (<c>Enabled</c>).</summary>
    private static JsonObject? Sse(JsonObject properties)
    {
        if (ResourceProperties.Object(properties, "SSESpecification") is not { } sse)
        {
            return null;
        }

        var result = new JsonObject
        {
            ["Enabled"] = ResourceProperties.Bool(sse, "SSEEnabled"),
            ["SSEType"] = ResourceProperties.String(sse, "SSEType"),
            ["KMSMasterKeyId"] = ResourceProperties.String(sse, "KMSMasterKeyId"),
        };
        RemoveNulls(result);
        return result;
    }

    private static (string? Attribute, bool Enabled)? TimeToLive(JsonObject properties) =>
        ResourceProperties.Object(properties, "TimeToLiveSpecification") is { } ttl
            ? (ResourceProperties.String(ttl, "AttributeName"), ResourceProperties.Bool(ttl, "Enabled") ?? false)
            : null;

    private static JsonArray TagList(Dictionary<string, string> tags) =>
        new([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);

    private static void RemoveNulls(JsonObject value)
    {
        foreach (var key in value.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            value.Remove(key);
        }
    }
}
