using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.DynamoDb.Model;
using LocalCloud.DynamoDb.Streams;
using LocalCloud.DynamoDb.Wire;

namespace LocalCloud.DynamoDb;

/// <summary>
/// The tables of every account and region: the control plane (create, describe, update, delete, TTL, tags) and
/// the in-memory catalog the item operations resolve tables through. The catalog changes inside the write that
/// changes the stored definition, on the store's single writer, so an item write never sees a table that its
/// own transaction cannot.
/// </summary>
internal sealed class DynamoDbTables
{
    private readonly ConcurrentDictionary<(string Account, string Region, string Name), TableDefinition> _byName = new();
    private readonly ConcurrentDictionary<long, TableDefinition> _byId = new();
    private readonly SqliteStore _store;
    private readonly TimeProvider _clock;
    private readonly IStreamRecorder? _streams;

    public DynamoDbTables(SqliteStore store, TimeProvider clock, IStreamRecorder? streams = null)
    {
        _store = store;
        _clock = clock;
        _streams = streams;
        foreach (var table in store.Read(DynamoDbStore.LoadTables))
        {
            Publish(table);
        }
    }

    public SqliteStore Store => _store;

    public TimeProvider Clock => _clock;

    public IStreamRecorder? Streams => _streams;

    public int Count => _byId.Count;

    public IEnumerable<TableDefinition> All => _byId.Values;

    /// <summary>The table a request names by name or ARN, in the request's account and region.</summary>
    public TableDefinition Resolve(string name, RequestContext context)
    {
        if (TryResolve(name, context, out var table))
        {
            return table;
        }

        throw DynamoDbErrors.ResourceNotFound();
    }

    /// <summary>As <see cref="Resolve"/>, for the control-plane operations whose not-found message names the table.</summary>
    public TableDefinition ResolveNamed(string name, RequestContext context) =>
        TryResolve(name, context, out var table) ? table : throw DynamoDbErrors.TableNotFound(name);

    public bool TryResolve(string name, RequestContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TableDefinition? table)
    {
        var (account, region, tableName) = (context.AccountId, context.Region, name);
        if (name.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = name.Split(':', 6);
            if (parts.Length == 6 && parts[5].StartsWith("table/", StringComparison.Ordinal))
            {
                (region, account, tableName) = (parts[3], parts[4], parts[5]["table/".Length..]);
            }
        }

        return _byName.TryGetValue((account, region, tableName), out table);
    }

    public TableDefinition? ById(long id) => _byId.TryGetValue(id, out var table) ? table : null;

    // ---- CreateTable ----------------------------------------------------------------------------------------

    public async Task<TableDescription> CreateAsync(CreateTableRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var table = TableValidation.Create(request, context, _clock.GetUtcNow());
        return await _store.WriteAsync(connection =>
        {
            if (_byName.ContainsKey((table.AccountId, table.Region, table.Name)))
            {
                throw DynamoDbErrors.TableInUse(table.Name);
            }

            var limit = 2500;
            if (_byId.Values.Count(t => t.AccountId == table.AccountId && t.Region == table.Region) >= limit)
            {
                throw DynamoDbErrors.LimitExceeded($"Subscriber limit exceeded: You have exceeded the maximum number of tables ({limit})");
            }

            table.Id = DynamoDbStore.InsertTable(connection, table);
            if (table.StreamEnabled)
            {
                EnableStream(connection, table);
            }

            DynamoDbStore.SaveTable(connection, table);
            Publish(table);
            var description = Describe(table, 0, 0, connection: null);
            description.TableStatus = "CREATING";
            foreach (var index in description.GlobalSecondaryIndexes ?? [])
            {
                index.IndexStatus = "CREATING";
            }

            return description;
        }, cancellationToken);
    }

    // ---- DescribeTable, ListTables ----------------------------------------------------------------------------

    public TableDescription Describe(string name, RequestContext context)
    {
        if (!TryResolve(name, context, out var table))
        {
            throw DynamoDbErrors.TableNotFound(name);
        }

        return _store.Read(connection =>
        {
            var (count, bytes) = DynamoDbStore.Measure(connection, table.Id, null);
            return Describe(table, count, bytes, connection);
        });
    }

    public ListTablesResponse List(ListTablesRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        constraints.Name(request.ExclusiveStartTableName, "exclusiveStartTableName");
        constraints.Min(request.Limit, "limit", 1);
        constraints.Max(request.Limit, "limit", 100);
        constraints.ThrowIfAny();
        var limit = request.Limit ?? 100;
        var names = _byName.Keys
            .Where(k => k.Account == context.AccountId && k.Region == context.Region)
            .Select(k => k.Name)
            .Where(n => request.ExclusiveStartTableName is null || string.CompareOrdinal(n, request.ExclusiveStartTableName) > 0)
            .Order(StringComparer.Ordinal)
            .Take(limit + 1)
            .ToList();
        var response = new ListTablesResponse { TableNames = names.Take(limit).ToList() };
        if (names.Count > limit)
        {
            response.LastEvaluatedTableName = response.TableNames[^1];
        }

        return response;
    }

    // ---- UpdateTable --------------------------------------------------------------------------------------------

    public async Task<TableDescription> UpdateAsync(UpdateTableRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var constraints = new Constraints();
        constraints.TableName(request.TableName, "tableName");
        constraints.Enum(request.BillingMode, "billingMode", "PROVISIONED", "PAY_PER_REQUEST");
        constraints.Enum(request.TableClass, "tableClass", "STANDARD", "STANDARD_INFREQUENT_ACCESS");
        constraints.Enum(request.StreamSpecification?.StreamViewType, "streamSpecification.streamViewType", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY");
        constraints.ThrowIfAny();
        var current = ResolveNamed(request.TableName!, context);
        return await _store.WriteAsync(connection =>
        {
            var table = Clone(ById(current.Id) ?? throw DynamoDbErrors.ResourceNotFound());
            var backfill = TableValidation.Update(table, request, _clock.GetUtcNow(), out var deletedIndexes, out var streamChange);
            foreach (var index in deletedIndexes)
            {
                DynamoDbStore.DeleteIndex(connection, table.Id, index);
            }

            if (streamChange == StreamChange.Disable)
            {
                if (table.LatestStreamArn is { } arn)
                {
                    _streams?.DisableStream(connection, arn, _clock.GetUtcNow());
                }
            }
            else if (streamChange == StreamChange.Enable)
            {
                EnableStream(connection, table);
            }

            if (backfill.Count > 0)
            {
                foreach (var stored in DynamoDbStore.AllItems(connection, table.Id))
                {
                    foreach (var index in backfill)
                    {
                        ItemWriter.WriteIndexEntry(connection, table, index, stored.PartitionKey, stored.SortKey, stored.Item);
                    }
                }
            }

            DynamoDbStore.SaveTable(connection, table);
            Publish(table);
            var (count, bytes) = DynamoDbStore.Measure(connection, table.Id, null);
            var description = Describe(table, count, bytes, connection);
            description.TableStatus = "UPDATING";
            foreach (var index in description.GlobalSecondaryIndexes ?? [])
            {
                if (backfill.Any(b => b.Name == index.IndexName))
                {
                    index.IndexStatus = "CREATING";
                    index.Backfilling = false;
                }
            }

            foreach (var name in deletedIndexes)
            {
                var old = current.GlobalSecondaryIndexes.First(i => i.Name == name);
                (description.GlobalSecondaryIndexes ??= []).Add(DescribeIndex(table, old, 0, 0, "DELETING"));
            }

            return description;
        }, cancellationToken);
    }

    // ---- DeleteTable ---------------------------------------------------------------------------------------------

    public async Task<TableDescription> DeleteAsync(string name, RequestContext context, CancellationToken cancellationToken)
    {
        var current = ResolveNamed(name, context);
        return await _store.WriteAsync(connection =>
        {
            var table = ById(current.Id) ?? throw DynamoDbErrors.ResourceNotFound();
            if (table.DeletionProtectionEnabled)
            {
                throw DynamoDbErrors.DeletionProtected(table.Arn);
            }

            var (count, bytes) = DynamoDbStore.Measure(connection, table.Id, null);
            var description = Describe(table, count, bytes, connection);
            description.TableStatus = "DELETING";
            if (table.StreamEnabled && table.LatestStreamArn is { } arn)
            {
                _streams?.DisableStream(connection, arn, _clock.GetUtcNow());
            }

            DynamoDbStore.DeleteTable(connection, table);
            _byId.TryRemove(table.Id, out _);
            _byName.TryRemove((table.AccountId, table.Region, table.Name), out _);
            return description;
        }, cancellationToken);
    }

    // ---- Time to live --------------------------------------------------------------------------------------------

    public async Task<TimeToLiveSpecificationWire> UpdateTimeToLiveAsync(UpdateTimeToLiveRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var constraints = new Constraints();
        constraints.TableName(request.TableName, "tableName");
        constraints.NotNull(request.TimeToLiveSpecification, "timeToLiveSpecification");
        if (request.TimeToLiveSpecification is { } spec)
        {
            constraints.NotNull(spec.AttributeName, "timeToLiveSpecification.attributeName");
            constraints.NotNull(spec.Enabled, "timeToLiveSpecification.enabled");
            if (spec.AttributeName is { Length: 0 or > 255 } attribute)
            {
                constraints.Length(attribute, attribute.Length, "timeToLiveSpecification.attributeName", 1, 255);
            }
        }

        constraints.ThrowIfAny();
        var spec2 = request.TimeToLiveSpecification!;
        var current = Resolve(request.TableName!, context);
        await _store.WriteAsync(connection =>
        {
            var table = Clone(ById(current.Id) ?? throw DynamoDbErrors.ResourceNotFound());
            if (spec2.Enabled == true)
            {
                if (table.TimeToLiveEnabled)
                {
                    throw DynamoDbErrors.Validation("TimeToLive is already enabled");
                }

                table.TimeToLiveEnabled = true;
                table.TimeToLiveAttribute = spec2.AttributeName;
            }
            else
            {
                if (!table.TimeToLiveEnabled)
                {
                    throw DynamoDbErrors.Validation("TimeToLive is already disabled");
                }

                if (table.TimeToLiveAttribute != spec2.AttributeName)
                {
                    throw DynamoDbErrors.Validation("The attribute name does not match the current TimeToLive attribute name");
                }

                table.TimeToLiveEnabled = false;
            }

            foreach (var stored in DynamoDbStore.AllItems(connection, table.Id))
            {
                DynamoDbStore.SetTimeToLive(connection, table.Id, stored.PartitionKey, stored.SortKey, ItemWriter.TimeToLiveOf(table, stored.Item));
            }

            DynamoDbStore.SaveTable(connection, table);
            Publish(table);
        }, cancellationToken);
        return new TimeToLiveSpecificationWire { AttributeName = spec2.AttributeName, Enabled = spec2.Enabled };
    }

    public TimeToLiveDescriptionWire DescribeTimeToLive(string name, RequestContext context)
    {
        var table = ResolveNamed(name, context);
        return table.TimeToLiveEnabled
            ? new TimeToLiveDescriptionWire { TimeToLiveStatus = "ENABLED", AttributeName = table.TimeToLiveAttribute }
            : new TimeToLiveDescriptionWire { TimeToLiveStatus = "DISABLED" };
    }

    // ---- Tags ------------------------------------------------------------------------------------------------------

    public Task TagAsync(string arn, IReadOnlyList<TagWire> tags, RequestContext context, CancellationToken cancellationToken) =>
        ChangeTagsAsync(arn, context, DynamoDbErrors.ResourceArnNotFound(arn), table =>
        {
            foreach (var tag in tags)
            {
                table.Tags[tag.Key!] = tag.Value ?? string.Empty;
            }

            if (table.Tags.Count > 50)
            {
                throw DynamoDbErrors.Validation("One or more parameter values were invalid: The number of tags exceeds the limit of 50");
            }
        }, cancellationToken);

    public Task UntagAsync(string arn, IReadOnlyList<string> keys, RequestContext context, CancellationToken cancellationToken) =>
        ChangeTagsAsync(arn, context, DynamoDbErrors.ResourceNotFound(), table =>
        {
            foreach (var key in keys)
            {
                table.Tags.Remove(key);
            }
        }, cancellationToken);

    public IReadOnlyDictionary<string, string> Tags(string arn, RequestContext context) => ResolveArn(arn, context, DynamoDbErrors.ResourceArnNotFound(arn)).Tags;

    private async Task ChangeTagsAsync(string arn, RequestContext context, ServiceException notFound, Action<TableDefinition> change, CancellationToken cancellationToken)
    {
        var current = ResolveArn(arn, context, notFound);
        await _store.WriteAsync(connection =>
        {
            var table = Clone(ById(current.Id) ?? throw notFound);
            change(table);
            DynamoDbStore.SaveTable(connection, table);
            Publish(table);
        }, cancellationToken);
    }

    private TableDefinition ResolveArn(string arn, RequestContext context, ServiceException notFound)
    {
        if (!arn.StartsWith("arn:", StringComparison.Ordinal) || !arn.Contains(":table/", StringComparison.Ordinal))
        {
            throw DynamoDbErrors.Validation($"Invalid TableArn: Invalid ResourceArn provided as input {arn}");
        }

        return TryResolve(arn, context, out var table) && table.Arn == arn ? table : throw notFound;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void EnableStream(Microsoft.Data.Sqlite.SqliteConnection connection, TableDefinition table)
    {
        var now = _clock.GetUtcNow();
        if (_streams is not null)
        {
            table.LatestStreamArn = _streams.EnableStream(
                connection,
                new StreamedTable(new ResourceScope(table.AccountId, table.Region), table.Name, table.Arn,
                    table.Keys.Select((k, i) => new StreamKeyElement(k.Name, i == 0 ? "HASH" : "RANGE")).ToList()),
                table.StreamViewType!,
                now);
            table.LatestStreamLabel = table.LatestStreamArn[(table.LatestStreamArn.LastIndexOf('/') + 1)..];
        }
        else
        {
            table.LatestStreamLabel = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
            table.LatestStreamArn = $"{table.Arn}/stream/{table.LatestStreamLabel}";
        }
    }

    private void Publish(TableDefinition table)
    {
        _byId[table.Id] = table;
        _byName[(table.AccountId, table.Region, table.Name)] = table;
    }

    private static TableDefinition Clone(TableDefinition table)
    {
        var copy = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(table, DynamoDbStoreJsonContext.Default.TableDefinition), DynamoDbStoreJsonContext.Default.TableDefinition)!;
        copy.Id = table.Id;
        return copy;
    }

    private static double Epoch(DateTimeOffset time) => Math.Round(time.ToUnixTimeMilliseconds() / 1000.0, 3);

    private static List<KeySchemaElementWire> KeySchema(IEnumerable<KeyAttribute> keys) =>
        keys.Select((k, i) => new KeySchemaElementWire { AttributeName = k.Name, KeyType = i == 0 ? "HASH" : "RANGE" }).ToList();

    private static IndexDescription DescribeIndex(TableDefinition table, IndexDefinition index, long count, long bytes, string? status) => new()
    {
        IndexName = index.Name,
        KeySchema = KeySchema(index.Keys),
        Projection = new ProjectionWire { ProjectionType = index.ProjectionType, NonKeyAttributes = index.NonKeyAttributes?.ToList() },
        IndexStatus = index.IsGlobal ? status ?? index.Status : null,
        ProvisionedThroughput = index.IsGlobal
            ? new ProvisionedThroughputDescription { ReadCapacityUnits = index.ReadCapacityUnits, WriteCapacityUnits = index.WriteCapacityUnits }
            : null,
        IndexSizeBytes = bytes,
        ItemCount = count,
        IndexArn = $"{table.Arn}/index/{index.Name}",
    };

    private static TableDescription Describe(TableDefinition table, long count, long bytes, Microsoft.Data.Sqlite.SqliteConnection? connection)
    {
        IndexDescription DescribeWithCounts(IndexDefinition index)
        {
            var (c, b) = connection is null ? (0, 0) : DynamoDbStore.Measure(connection, table.Id, index.Name);
            return DescribeIndex(table, index, c, b, null);
        }

        return new TableDescription
        {
            AttributeDefinitions = table.AttributeDefinitions.Select(a => new AttributeDefinition { AttributeName = a.Name, AttributeType = a.Type.ToString() }).ToList(),
            TableName = table.Name,
            KeySchema = KeySchema(table.Keys),
            TableStatus = "ACTIVE",
            CreationDateTime = Epoch(table.CreatedAt),
            ProvisionedThroughput = new ProvisionedThroughputDescription { ReadCapacityUnits = table.ReadCapacityUnits, WriteCapacityUnits = table.WriteCapacityUnits },
            TableSizeBytes = bytes,
            ItemCount = count,
            TableArn = table.Arn,
            TableId = table.TableId,
            BillingModeSummary = table.BillingMode == "PAY_PER_REQUEST" || table.LastUpdateToPayPerRequest is not null
                ? new BillingModeSummaryWire
                {
                    BillingMode = table.BillingMode,
                    LastUpdateToPayPerRequestDateTime = Epoch(table.LastUpdateToPayPerRequest ?? table.CreatedAt),
                }
                : null,
            LocalSecondaryIndexes = table.LocalSecondaryIndexes.Count == 0 ? null : table.LocalSecondaryIndexes.Select(DescribeWithCounts).ToList(),
            GlobalSecondaryIndexes = table.GlobalSecondaryIndexes.Count == 0 ? null : table.GlobalSecondaryIndexes.Select(DescribeWithCounts).ToList(),
            StreamSpecification = table.StreamEnabled ? new StreamSpecificationWire { StreamEnabled = true, StreamViewType = table.StreamViewType } : null,
            LatestStreamLabel = table.LatestStreamLabel,
            LatestStreamArn = table.LatestStreamArn,
            SSEDescription = table.SseEnabled ? new SseDescriptionWire { Status = "ENABLED", SSEType = table.SseType ?? "KMS", KMSMasterKeyArn = table.KmsMasterKeyArn } : null,
            TableClassSummary = table.TableClass == "STANDARD" ? null : new TableClassSummaryWire { TableClass = table.TableClass },
            DeletionProtectionEnabled = table.DeletionProtectionEnabled,
        };
    }
}

internal enum StreamChange
{
    None,
    Enable,
    Disable,
}
