using DynamoDbExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.DynamoDb.Model;
using LocalCloud.DynamoDb.Wire;

namespace LocalCloud.DynamoDb;

/// <summary>CreateTable's and UpdateTable's rules, in DynamoDB's order and with its messages.</summary>
internal static class TableValidation
{
    private static readonly string[] ViewTypes = ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"];

    public static TableDefinition Create(CreateTableRequest request, RequestContext context, DateTimeOffset now)
    {
        var constraints = new Constraints();
        constraints.NotNull(request.AttributeDefinitions, "attributeDefinitions");
        constraints.TableName(request.TableName, "tableName");
        constraints.NotNull(request.KeySchema, "keySchema");
        constraints.Enum(request.BillingMode, "billingMode", "PROVISIONED", "PAY_PER_REQUEST");
        constraints.Enum(request.TableClass, "tableClass", "STANDARD", "STANDARD_INFREQUENT_ACCESS");
        constraints.Enum(request.StreamSpecification?.StreamViewType, "streamSpecification.streamViewType", ViewTypes);
        if (request.KeySchema is { } keys)
        {
            constraints.Length(Shown(keys), keys.Count, "keySchema", 1, 2);
            CheckKeyElements(constraints, keys, "keySchema");
        }

        for (var i = 0; i < (request.AttributeDefinitions?.Count ?? 0); i++)
        {
            var definition = request.AttributeDefinitions![i];
            constraints.NotNull(definition.AttributeName, $"attributeDefinitions.{i + 1}.member.attributeName");
            constraints.NotNull(definition.AttributeType, $"attributeDefinitions.{i + 1}.member.attributeType");
            constraints.Enum(definition.AttributeType, $"attributeDefinitions.{i + 1}.member.attributeType", "B", "N", "S");
        }

        CheckThroughput(constraints, request.ProvisionedThroughput, "provisionedThroughput");
        CheckIndexShapes(constraints, request.LocalSecondaryIndexes, "localSecondaryIndexes");
        CheckIndexShapes(constraints, request.GlobalSecondaryIndexes, "globalSecondaryIndexes");
        constraints.ThrowIfAny();

        var payPerRequest = request.BillingMode == "PAY_PER_REQUEST";
        if (payPerRequest && request.ProvisionedThroughput is not null)
        {
            throw DynamoDbErrors.InvalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }

        if (!payPerRequest && request.ProvisionedThroughput is null)
        {
            throw DynamoDbErrors.InvalidParameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }

        CheckThroughputBounds(request.ProvisionedThroughput);
        var definitions = request.AttributeDefinitions!;
        var names = definitions.Select(d => d.AttributeName!).ToList();
        var keyNames = request.KeySchema!.Select(k => k.AttributeName!).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            throw DynamoDbErrors.InvalidParameter("Duplicate AttributeName found in AttributeDefinitions");
        }

        if (keyNames.Count > names.Count)
        {
            throw DynamoDbErrors.Validation("Invalid KeySchema: Some index key attribute have no definition");
        }

        if (keyNames.Any(k => !names.Contains(k)))
        {
            throw DynamoDbErrors.InvalidParameter(
                $"Some index key attributes are not defined in AttributeDefinitions. Keys: [{string.Join(", ", keyNames)}], AttributeDefinitions: [{string.Join(", ", names)}]");
        }

        CheckKeyOrder(request.KeySchema!);
        var types = definitions.ToDictionary(d => d.AttributeName!, d => Enum.Parse<AttributeValueType>(d.AttributeType!), StringComparer.Ordinal);
        var hash = new KeyAttribute(keyNames[0], types[keyNames[0]]);
        var range = keyNames.Count > 1 ? new KeyAttribute(keyNames[1], types[keyNames[1]]) : null;
        var indexNames = new HashSet<string>(StringComparer.Ordinal);
        var lsis = new List<IndexDefinition>();
        if (request.LocalSecondaryIndexes is { } localIndexes)
        {
            if (localIndexes.Count == 0)
            {
                throw DynamoDbErrors.InvalidParameter("List of LocalSecondaryIndexes is empty");
            }

            if (range is null)
            {
                throw DynamoDbErrors.InvalidParameter("Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
            }

            foreach (var index in localIndexes)
            {
                var definition = Index(index, names, types, isGlobal: false, payPerRequest, indexNames);
                if (definition.RangeKey is null)
                {
                    throw DynamoDbErrors.InvalidParameter($"Index KeySchema does not have a range key for index: {index.IndexName}");
                }

                if (definition.HashKey.Name != hash.Name)
                {
                    throw DynamoDbErrors.InvalidParameter(
                        $"Index KeySchema does not have the same leading hash key as table KeySchema for index: {index.IndexName}. index hash key: {definition.HashKey.Name}, table hash key: {hash.Name}");
                }

                lsis.Add(definition);
            }

            if (lsis.Count > 5)
            {
                throw DynamoDbErrors.InvalidParameter("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
            }
        }

        var gsis = new List<IndexDefinition>();
        if (request.GlobalSecondaryIndexes is { } globalIndexes)
        {
            if (globalIndexes.Count == 0)
            {
                throw DynamoDbErrors.InvalidParameter("List of GlobalSecondaryIndexes is empty");
            }

            foreach (var index in globalIndexes)
            {
                gsis.Add(Index(index, names, types, isGlobal: true, payPerRequest, indexNames));
            }

            if (gsis.Count > 20)
            {
                throw DynamoDbErrors.InvalidParameter("GlobalSecondaryIndex count exceeds the per-table limit of 20");
            }
        }

        var used = new HashSet<string>(keyNames, StringComparer.Ordinal);
        foreach (var index in lsis.Concat(gsis))
        {
            used.UnionWith(index.Keys.Select(k => k.Name));
        }

        if (used.Count != names.Count)
        {
            throw DynamoDbErrors.InvalidParameter("Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }

        CheckProjectedAttributeCount(lsis.Concat(gsis));
        var stream = request.StreamSpecification;
        if (stream is { StreamEnabled: true, StreamViewType: null })
        {
            throw DynamoDbErrors.InvalidParameter("You must specify a StreamViewType when enabling a stream");
        }

        if (stream is { StreamEnabled: false, StreamViewType: not null })
        {
            throw DynamoDbErrors.InvalidParameter("You cannot specify a StreamViewType when disabling a stream");
        }

        var arn = Arn.Build("dynamodb", context.Region, context.AccountId, "table/" + request.TableName);
        var table = new TableDefinition
        {
            AccountId = context.AccountId,
            Region = context.Region,
            Name = request.TableName!,
            Arn = arn,
            TableId = Guid.NewGuid().ToString(),
            CreatedAt = now,
            HashKey = hash,
            RangeKey = range,
            AttributeDefinitions = definitions.Select(d => new KeyAttribute(d.AttributeName!, types[d.AttributeName!])).ToList(),
            LocalSecondaryIndexes = lsis,
            GlobalSecondaryIndexes = gsis,
            BillingMode = payPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED",
            LastUpdateToPayPerRequest = payPerRequest ? now : null,
            ReadCapacityUnits = request.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
            WriteCapacityUnits = request.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
            StreamEnabled = stream?.StreamEnabled == true,
            StreamViewType = stream?.StreamEnabled == true ? stream.StreamViewType : null,
            SseEnabled = request.SSESpecification?.Enabled == true,
            SseType = request.SSESpecification?.Enabled == true ? request.SSESpecification.SSEType ?? "KMS" : null,
            KmsMasterKeyArn = request.SSESpecification?.Enabled == true
                ? request.SSESpecification.KMSMasterKeyId is { } key && key.StartsWith("arn:", StringComparison.Ordinal)
                    ? key
                    : Arn.Build("kms", context.Region, context.AccountId, "key/" + (request.SSESpecification.KMSMasterKeyId ?? "aws/dynamodb"))
                : null,
            TableClass = request.TableClass ?? "STANDARD",
            DeletionProtectionEnabled = request.DeletionProtectionEnabled == true,
        };
        foreach (var tag in request.Tags ?? [])
        {
            if (tag.Key is null || tag.Value is null)
            {
                throw DynamoDbErrors.Validation("One or more parameter values were invalid: Tag keys and values must not be null");
            }

            table.Tags[tag.Key] = tag.Value;
        }

        return table;
    }

    /// <summary>Applies an UpdateTable request to <paramref name="table"/>; returns the indexes to backfill.</summary>
    public static List<IndexDefinition> Update(TableDefinition table, UpdateTableRequest request, DateTimeOffset now, out List<string> deleted, out StreamChange streamChange)
    {
        deleted = [];
        streamChange = StreamChange.None;
        var backfill = new List<IndexDefinition>();
        var changed = false;
        var constraints = new Constraints();
        CheckThroughput(constraints, request.ProvisionedThroughput, "provisionedThroughput");
        constraints.ThrowIfAny();

        if (request.BillingMode is { } billing && billing != table.BillingMode)
        {
            table.BillingMode = billing;
            if (billing == "PAY_PER_REQUEST")
            {
                table.ReadCapacityUnits = 0;
                table.WriteCapacityUnits = 0;
                table.LastUpdateToPayPerRequest = now;
                foreach (var index in table.GlobalSecondaryIndexes)
                {
                    index.ReadCapacityUnits = 0;
                    index.WriteCapacityUnits = 0;
                }
            }
            else if (request.ProvisionedThroughput is null)
            {
                throw DynamoDbErrors.InvalidParameter("ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
            }

            changed = true;
        }

        if (request.ProvisionedThroughput is { } throughput)
        {
            if (table.BillingMode == "PAY_PER_REQUEST")
            {
                throw DynamoDbErrors.InvalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }

            CheckThroughputBounds(throughput);
            if (throughput.ReadCapacityUnits == table.ReadCapacityUnits && throughput.WriteCapacityUnits == table.WriteCapacityUnits && !changed)
            {
                throw DynamoDbErrors.InvalidParameter(
                    $"The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: {table.ReadCapacityUnits}. Requested ReadCapacityUnits: {throughput.ReadCapacityUnits}. Current WriteCapacityUnits provisioned for the table: {table.WriteCapacityUnits}. Requested WriteCapacityUnits: {throughput.WriteCapacityUnits}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
            }

            table.ReadCapacityUnits = throughput.ReadCapacityUnits ?? table.ReadCapacityUnits;
            table.WriteCapacityUnits = throughput.WriteCapacityUnits ?? table.WriteCapacityUnits;
            changed = true;
        }

        if (request.AttributeDefinitions is { } definitions)
        {
            foreach (var definition in definitions)
            {
                if (definition.AttributeName is null || definition.AttributeType is not ("S" or "N" or "B"))
                {
                    throw DynamoDbErrors.Validation("1 validation error detected: Value null at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must not be null");
                }

                var type = Enum.Parse<AttributeValueType>(definition.AttributeType);
                var existing = table.AttributeDefinitions.FirstOrDefault(a => a.Name == definition.AttributeName);
                if (existing is null)
                {
                    table.AttributeDefinitions.Add(new KeyAttribute(definition.AttributeName, type));
                }
                else if (existing.Type != type)
                {
                    throw DynamoDbErrors.InvalidParameter(
                        $"Cannot change the type of an attribute that is already defined: {definition.AttributeName}");
                }
            }
        }

        foreach (var update in request.GlobalSecondaryIndexUpdates ?? [])
        {
            var actions = (update.Create is null ? 0 : 1) + (update.Update is null ? 0 : 1) + (update.Delete is null ? 0 : 1);
            if (actions != 1)
            {
                throw DynamoDbErrors.InvalidParameter("One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null");
            }

            if (update.Create is { } create)
            {
                var creating = new Constraints();
                CheckIndexShapes(creating, [create], "globalSecondaryIndexUpdates.1.member.create", single: true);
                creating.ThrowIfAny();
                if (table.FindIndex(create.IndexName!) is not null)
                {
                    throw DynamoDbErrors.Validation($"One or more parameter values were invalid: Index with name {create.IndexName} already exists");
                }

                var names = table.AttributeDefinitions.Select(a => a.Name).ToList();
                var types = table.AttributeDefinitions.ToDictionary(a => a.Name, a => a.Type, StringComparer.Ordinal);
                var index = Index(create, names, types, isGlobal: true, table.BillingMode == "PAY_PER_REQUEST", new HashSet<string>(StringComparer.Ordinal));
                table.GlobalSecondaryIndexes.Add(index);
                if (table.GlobalSecondaryIndexes.Count > 20)
                {
                    throw DynamoDbErrors.InvalidParameter("GlobalSecondaryIndex count exceeds the per-table limit of 20");
                }

                CheckProjectedAttributeCount(table.Indexes);
                backfill.Add(index);
            }
            else if (update.Delete is { } delete)
            {
                var index = table.GlobalSecondaryIndexes.FirstOrDefault(i => i.Name == delete.IndexName)
                    ?? throw new Core.Hosting.ServiceException("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", $"Requested resource not found: Index: {delete.IndexName} not found for table: {table.Name}");
                table.GlobalSecondaryIndexes.Remove(index);
                deleted.Add(index.Name);
            }
            else if (update.Update is { } change)
            {
                var index = table.GlobalSecondaryIndexes.FirstOrDefault(i => i.Name == change.IndexName)
                    ?? throw new Core.Hosting.ServiceException("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", $"Requested resource not found: Index: {change.IndexName} not found for table: {table.Name}");
                if (change.ProvisionedThroughput is { } indexThroughput)
                {
                    if (table.BillingMode == "PAY_PER_REQUEST")
                    {
                        throw DynamoDbErrors.InvalidParameter($"ProvisionedThroughput should not be specified for index: {index.Name} when BillingMode is PAY_PER_REQUEST");
                    }

                    index.ReadCapacityUnits = indexThroughput.ReadCapacityUnits ?? index.ReadCapacityUnits;
                    index.WriteCapacityUnits = indexThroughput.WriteCapacityUnits ?? index.WriteCapacityUnits;
                }
            }

            changed = true;
        }

        if (request.StreamSpecification is { } stream)
        {
            if (stream.StreamEnabled is null)
            {
                throw DynamoDbErrors.Validation("1 validation error detected: Value null at 'streamSpecification.streamEnabled' failed to satisfy constraint: Member must not be null");
            }

            if (stream.StreamEnabled == true)
            {
                if (stream.StreamViewType is null)
                {
                    throw DynamoDbErrors.InvalidParameter("You must specify a StreamViewType when enabling a stream");
                }

                if (table.StreamEnabled)
                {
                    throw DynamoDbErrors.Validation($"Table already has an enabled stream: {table.LatestStreamArn}");
                }

                table.StreamEnabled = true;
                table.StreamViewType = stream.StreamViewType;
                streamChange = StreamChange.Enable;
            }
            else
            {
                if (stream.StreamViewType is not null)
                {
                    throw DynamoDbErrors.InvalidParameter("You cannot specify a StreamViewType when disabling a stream");
                }

                if (!table.StreamEnabled)
                {
                    throw DynamoDbErrors.Validation("Table already has a disabled stream");
                }

                table.StreamEnabled = false;
                table.StreamViewType = null;
                streamChange = StreamChange.Disable;
            }

            changed = true;
        }

        if (request.SSESpecification is { } sse)
        {
            table.SseEnabled = sse.Enabled == true;
            table.SseType = table.SseEnabled ? sse.SSEType ?? "KMS" : null;
            changed = true;
        }

        if (request.TableClass is { } tableClass)
        {
            table.TableClass = tableClass;
            changed = true;
        }

        if (request.DeletionProtectionEnabled is { } protection)
        {
            table.DeletionProtectionEnabled = protection;
            changed = true;
        }

        if (request.OnDemandThroughput is not null)
        {
            changed = true;
        }

        if (!changed)
        {
            throw DynamoDbErrors.Validation(
                "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        }

        return backfill;
    }

    private static IndexDefinition Index(SecondaryIndexWire index, List<string> names, Dictionary<string, AttributeValueType> types, bool isGlobal, bool payPerRequest, HashSet<string> indexNames)
    {
        var keyNames = index.KeySchema!.Select(k => k.AttributeName!).ToList();
        if (keyNames.Any(k => !names.Contains(k)))
        {
            throw DynamoDbErrors.InvalidParameter(
                $"Some index key attributes are not defined in AttributeDefinitions. Keys: [{string.Join(", ", keyNames)}], AttributeDefinitions: [{string.Join(", ", names)}]");
        }

        CheckKeyOrder(index.KeySchema!);
        var projection = index.Projection!;
        if (projection.ProjectionType is null)
        {
            throw DynamoDbErrors.InvalidParameter("Unknown ProjectionType: null");
        }

        if (projection.NonKeyAttributes is not null && projection.ProjectionType != "INCLUDE")
        {
            throw DynamoDbErrors.InvalidParameter($"ProjectionType is {projection.ProjectionType}, but NonKeyAttributes is specified");
        }

        if (isGlobal && payPerRequest && index.ProvisionedThroughput is not null)
        {
            throw DynamoDbErrors.InvalidParameter($"ProvisionedThroughput should not be specified for index: {index.IndexName} when BillingMode is PAY_PER_REQUEST");
        }

        if (isGlobal && !payPerRequest && index.ProvisionedThroughput is null)
        {
            throw DynamoDbErrors.InvalidParameter($"ProvisionedThroughput must be specified for index: {index.IndexName}");
        }

        if (!indexNames.Add(index.IndexName!))
        {
            throw DynamoDbErrors.InvalidParameter($"Duplicate index name: {index.IndexName}");
        }

        return new IndexDefinition
        {
            Name = index.IndexName!,
            IsGlobal = isGlobal,
            HashKey = new KeyAttribute(keyNames[0], types[keyNames[0]]),
            RangeKey = keyNames.Count > 1 ? new KeyAttribute(keyNames[1], types[keyNames[1]]) : null,
            ProjectionType = projection.ProjectionType,
            NonKeyAttributes = projection.NonKeyAttributes,
            ReadCapacityUnits = index.ProvisionedThroughput?.ReadCapacityUnits ?? 0,
            WriteCapacityUnits = index.ProvisionedThroughput?.WriteCapacityUnits ?? 0,
        };
    }

    private static void CheckKeyOrder(List<KeySchemaElementWire> keys)
    {
        if (keys.Count == 2 && keys[0].AttributeName == keys[1].AttributeName)
        {
            throw DynamoDbErrors.Validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }

        if (keys[0].KeyType != "HASH")
        {
            throw DynamoDbErrors.Validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }

        if (keys.Count == 2 && keys[1].KeyType != "RANGE")
        {
            throw DynamoDbErrors.Validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
    }

    private static void CheckProjectedAttributeCount(IEnumerable<IndexDefinition> indexes)
    {
        var projected = indexes.Where(i => i.NonKeyAttributes is not null).SelectMany(i => i.NonKeyAttributes!).Distinct(StringComparer.Ordinal).Count();
        if (projected > 100)
        {
            throw DynamoDbErrors.InvalidParameter($"The number of projected attributes in all indexes exceeds the limit of 100, provided: {projected}");
        }
    }

    private static void CheckKeyElements(Constraints constraints, List<KeySchemaElementWire> keys, string member)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            constraints.NotNull(keys[i].AttributeName, $"{member}.{i + 1}.member.attributeName");
            constraints.NotNull(keys[i].KeyType, $"{member}.{i + 1}.member.keyType");
            constraints.Enum(keys[i].KeyType, $"{member}.{i + 1}.member.keyType", "HASH", "RANGE");
        }
    }

    private static void CheckThroughput(Constraints constraints, ProvisionedThroughputWire? throughput, string member)
    {
        if (throughput is null)
        {
            return;
        }

        constraints.NotNull(throughput.WriteCapacityUnits, member + ".writeCapacityUnits");
        constraints.Min(throughput.WriteCapacityUnits, member + ".writeCapacityUnits", 1);
        constraints.NotNull(throughput.ReadCapacityUnits, member + ".readCapacityUnits");
        constraints.Min(throughput.ReadCapacityUnits, member + ".readCapacityUnits", 1);
    }

    private static void CheckThroughputBounds(ProvisionedThroughputWire? throughput)
    {
        if (throughput?.ReadCapacityUnits > 1_000_000_000_000)
        {
            throw DynamoDbErrors.Validation($"Given value {throughput.ReadCapacityUnits} for ReadCapacityUnits is out of bounds");
        }

        if (throughput?.WriteCapacityUnits > 1_000_000_000_000)
        {
            throw DynamoDbErrors.Validation($"Given value {throughput.WriteCapacityUnits} for WriteCapacityUnits is out of bounds");
        }
    }

    private static void CheckIndexShapes(Constraints constraints, List<SecondaryIndexWire>? indexes, string member, bool single = false)
    {
        for (var i = 0; i < (indexes?.Count ?? 0); i++)
        {
            var index = indexes![i];
            var at = single ? member : $"{member}.{i + 1}.member";
            constraints.NotNull(index.IndexName, at + ".indexName");
            constraints.Name(index.IndexName, at + ".indexName");
            constraints.NotNull(index.KeySchema, at + ".keySchema");
            if (index.KeySchema is { } keys)
            {
                constraints.Length(Shown(keys), keys.Count, at + ".keySchema", 1, 2);
                CheckKeyElements(constraints, keys, at + ".keySchema");
            }

            constraints.NotNull(index.Projection, at + ".projection");
            constraints.Enum(index.Projection?.ProjectionType, at + ".projection.projectionType", "ALL", "KEYS_ONLY", "INCLUDE");
            CheckThroughput(constraints, index.ProvisionedThroughput, at + ".provisionedThroughput");
        }
    }

    private static string Shown(List<KeySchemaElementWire> keys) =>
        "[" + string.Join(", ", keys.Select(k => $"KeySchemaElement(attributeName={k.AttributeName}, keyType={k.KeyType})")) + "]";
}
