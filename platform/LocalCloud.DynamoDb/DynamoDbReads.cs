using DynamoDbExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.DynamoDb.Model;
using LocalCloud.DynamoDb.Wire;

namespace LocalCloud.DynamoDb;

/// <summary>Query and Scan: key-ordered range reads over a table or index, with DynamoDB's paging rules (Limit
/// counts items evaluated before the filter, a page stops at 1 MB of items read, LastEvaluatedKey is the last item
/// evaluated).</summary>
internal sealed class DynamoDbReads(DynamoDbTables tables)
{
    private const int MaxPageBytes = 1024 * 1024;
    private static readonly string[] SelectValues = ["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"];
    private static readonly string[] CapacityModes = ["INDEXES", "TOTAL", "NONE"];

    public ReadPageResponse Query(QueryRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        constraints.TableName(request.TableName, "tableName");
        constraints.Name(request.IndexName, "indexName");
        constraints.Enum(request.Select, "select", SelectValues);
        constraints.Min(request.Limit, "limit", 1);
        constraints.Enum(request.ConditionalOperator, "conditionalOperator", "AND", "OR");
        constraints.Enum(request.ReturnConsumedCapacity, "returnConsumedCapacity", CapacityModes);
        DynamoDbItems.CheckAttributesToGet(constraints, request.AttributesToGet, "attributesToGet");
        constraints.ThrowIfAny();

        var legacy = DynamoDbItems.Legacy(
            request.AttributesToGet is null ? null : "AttributesToGet",
            request.KeyConditions is null ? null : "KeyConditions",
            request.QueryFilter is null ? null : "QueryFilter",
            request.ConditionalOperator is null ? null : "ConditionalOperator");
        var compiled = DynamoDbItems.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.Query,
            KeyConditionExpression = request.KeyConditionExpression,
            FilterExpression = request.FilterExpression,
            ProjectionExpression = request.ProjectionExpression,
            ExpressionAttributeNames = request.ExpressionAttributeNames,
            ExpressionAttributeValues = request.ExpressionAttributeValues,
            LegacyParameters = legacy,
        });
        var keyCondition = compiled.KeyCondition
            ?? (request.KeyConditions is { } conditions
                ? DynamoDbItems.Guard(() => LegacyParameters.KeyConditions(Legacy(conditions)))
                : throw DynamoDbErrors.Validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."));
        var filter = compiled.Filter
            ?? (request.QueryFilter is { } queryFilter ? DynamoDbItems.Guard(() => LegacyParameters.Filter(Legacy(queryFilter), request.ConditionalOperator)) : null);
        var projection = compiled.Projection
            ?? (request.AttributesToGet is { } names ? DynamoDbItems.Guard(() => LegacyParameters.AttributesToGet(names)) : null);

        var table = tables.Resolve(request.TableName!, context);
        var index = ResolveIndex(table, request.IndexName, request.ConsistentRead);
        var select = Select(request.Select, projection, request.AttributesToGet, index);
        var hash = index?.HashKey ?? table.HashKey;
        var range = index is null ? table.RangeKey : index.RangeKey;
        var query = DynamoDbItems.Guard(() => keyCondition.ForKeySchema(hash.Schema, range?.Schema));
        if (compiled.Filter is { } expression
            && new[] { hash.Name, range?.Name }.FirstOrDefault(k => k is not null && expression.AttributeNames.Contains(k)) is { } keyInFilter)
        {
            throw DynamoDbErrors.Validation("Filter Expression can only contain non-primary key attributes: Primary key attribute: " + keyInFilter);
        }

        var keyRange = new KeyRange(table.Id, index?.Name)
        {
            PartitionKey = ItemKey.Encode(query.PartitionKeyValue),
            Forward = request.ScanIndexForward != false,
            StartAfter = StartAfter(table, index, request.ExclusiveStartKey, query.PartitionKeyValue),
        };
        keyRange = WithSortRange(keyRange, query.SortKey);
        return Read(table, index, keyRange, request.Limit, filter, projection, select, request.ConsistentRead == true, request.ReturnConsumedCapacity, segment: null);
    }

    public ReadPageResponse Scan(ScanRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        constraints.TableName(request.TableName, "tableName");
        constraints.Name(request.IndexName, "indexName");
        constraints.Enum(request.Select, "select", SelectValues);
        constraints.Min(request.Limit, "limit", 1);
        constraints.Enum(request.ConditionalOperator, "conditionalOperator", "AND", "OR");
        constraints.Enum(request.ReturnConsumedCapacity, "returnConsumedCapacity", CapacityModes);
        constraints.Min(request.Segment, "segment", 0);
        constraints.Max(request.Segment, "segment", 999999);
        constraints.Min(request.TotalSegments, "totalSegments", 1);
        constraints.Max(request.TotalSegments, "totalSegments", 1000000);
        DynamoDbItems.CheckAttributesToGet(constraints, request.AttributesToGet, "attributesToGet");
        constraints.ThrowIfAny();
        if (request.Segment is not null && request.TotalSegments is null)
        {
            throw DynamoDbErrors.Validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
        }

        if (request.TotalSegments is not null && request.Segment is null)
        {
            throw DynamoDbErrors.Validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
        }

        if (request.Segment >= request.TotalSegments)
        {
            throw DynamoDbErrors.Validation($"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {request.Segment} is not less than TotalSegments: {request.TotalSegments}");
        }

        var compiled = DynamoDbItems.Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.Scan,
            FilterExpression = request.FilterExpression,
            ProjectionExpression = request.ProjectionExpression,
            ExpressionAttributeNames = request.ExpressionAttributeNames,
            ExpressionAttributeValues = request.ExpressionAttributeValues,
            LegacyParameters = DynamoDbItems.Legacy(
                request.AttributesToGet is null ? null : "AttributesToGet",
                request.ScanFilter is null ? null : "ScanFilter",
                request.ConditionalOperator is null ? null : "ConditionalOperator"),
        });
        var filter = compiled.Filter
            ?? (request.ScanFilter is { } scanFilter ? DynamoDbItems.Guard(() => LegacyParameters.Filter(Legacy(scanFilter), request.ConditionalOperator)) : null);
        var projection = compiled.Projection
            ?? (request.AttributesToGet is { } names ? DynamoDbItems.Guard(() => LegacyParameters.AttributesToGet(names)) : null);
        var table = tables.Resolve(request.TableName!, context);
        var index = ResolveIndex(table, request.IndexName, request.ConsistentRead);
        var select = Select(request.Select, projection, request.AttributesToGet, index);
        var keyRange = new KeyRange(table.Id, index?.Name) { StartAfter = StartAfter(table, index, request.ExclusiveStartKey, null) };
        var segment = request.TotalSegments is { } total ? (request.Segment!.Value, total) : ((int, int)?)null;
        return Read(table, index, keyRange, request.Limit, filter, projection, select, request.ConsistentRead == true, request.ReturnConsumedCapacity, segment);
    }

    private ReadPageResponse Read(
        TableDefinition table,
        IndexDefinition? index,
        KeyRange range,
        int? limit,
        ConditionExpression? filter,
        ProjectionExpression? projection,
        string select,
        bool consistent,
        string? capacityMode,
        (int Segment, int Total)? segment)
    {
        var response = new ReadPageResponse { Items = select == "COUNT" ? null : [] };
        long bytes = 0;
        var fetchFromTable = index is { IsGlobal: false, ProjectionType: not "ALL" } && select == "ALL_ATTRIBUTES";
        tables.Store.Read(connection =>
        {
            RangeRow? last = null;
            var more = false;
            DynamoDbStore.ReadRange(connection, range, row =>
            {
                if (limit is { } max && response.ScannedCount >= max || bytes >= MaxPageBytes)
                {
                    more = true;
                    return false;
                }

                if (segment is { } s && SegmentOf(row.TablePartitionKey, s.Total) != s.Segment)
                {
                    return true;
                }

                last = row;
                response.ScannedCount++;
                bytes += row.Size;
                var stored = fetchFromTable
                    ? DynamoDbStore.GetItem(connection, table.Id, row.TablePartitionKey, row.TableSortKey) ?? new StoredItem(row.PartitionKey, row.SortKey, row.Json)
                    : new StoredItem(row.PartitionKey, row.SortKey, row.Json);
                if (filter is not null && !filter.Evaluate(stored.Item))
                {
                    return true;
                }

                response.Count++;
                response.Items?.Add(projection is null ? ItemJson.FromStored(stored.Json) : ItemJson.FromItem(projection.Apply(stored.Item)));
                return true;
            });
            if ((more || limit is { } reached && response.ScannedCount >= reached || bytes >= MaxPageBytes) && last is { } lastRow)
            {
                response.LastEvaluatedKey = KeyOfRow(table, index, lastRow);
            }

            return 0;
        });
        response.ConsumedCapacity = Capacity.Report(capacityMode, table, Capacity.Read(bytes, consistent), isWrite: false,
            capacityMode == "INDEXES" && index is not null ? new Dictionary<string, double>(StringComparer.Ordinal) { [index.Name] = Capacity.Read(bytes, consistent) } : null);
        if (capacityMode == "INDEXES" && index is not null && response.ConsumedCapacity is { } report)
        {
            report.CapacityUnits = Capacity.Read(bytes, consistent);
            report.ReadCapacityUnits = report.CapacityUnits;
            report.Table = new CapacityWire { CapacityUnits = 0, ReadCapacityUnits = 0 };
        }

        return response;
    }

    private static Dictionary<string, AttributeValue> KeyOfRow(TableDefinition table, IndexDefinition? index, RangeRow row)
    {
        var item = new StoredItem(row.PartitionKey, row.SortKey, row.Json).Item;
        var key = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var attribute in table.Keys.Concat(index?.Keys ?? []))
        {
            if (item.TryGetValue(attribute.Name, out var value))
            {
                key[attribute.Name] = value;
            }
        }

        return key;
    }

    private static int SegmentOf(byte[] partitionKey, int total)
    {
        var hash = 2166136261u;
        foreach (var b in partitionKey)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)total);
    }

    private static IndexDefinition? ResolveIndex(TableDefinition table, string? name, bool? consistentRead)
    {
        if (name is null)
        {
            return null;
        }

        var index = table.FindIndex(name) ?? throw DynamoDbErrors.Validation($"The table does not have the specified index: {name}");
        if (index.IsGlobal && consistentRead == true)
        {
            throw DynamoDbErrors.Validation("Consistent reads are not supported on global secondary indexes");
        }

        return index;
    }

    private static string Select(string? select, ProjectionExpression? projection, List<string>? attributesToGet, IndexDefinition? index)
    {
        if (select is null)
        {
            return projection is not null ? "SPECIFIC_ATTRIBUTES" : index is null ? "ALL_ATTRIBUTES" : "ALL_PROJECTED_ATTRIBUTES";
        }

        if (projection is not null && select != "SPECIFIC_ATTRIBUTES")
        {
            throw DynamoDbErrors.Validation(attributesToGet is not null
                ? $"Cannot specify the AttributesToGet when choosing to get {select}"
                : $"Cannot specify the ProjectionExpression when choosing to get {select}");
        }

        if (select == "SPECIFIC_ATTRIBUTES" && projection is null)
        {
            throw DynamoDbErrors.Validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
        }

        if (select == "ALL_PROJECTED_ATTRIBUTES" && index is null)
        {
            throw DynamoDbErrors.Validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }

        if (select == "ALL_ATTRIBUTES" && index is { IsGlobal: true } && index.ProjectionType != "ALL")
        {
            throw DynamoDbErrors.InvalidParameter(
                $"Select type ALL_ATTRIBUTES is not supported for global secondary index {index.Name} because its projection type is not ALL");
        }

        return select;
    }

    private static KeyPosition? StartAfter(TableDefinition table, IndexDefinition? index, Dictionary<string, AttributeValue>? start, AttributeValue? partition)
    {
        if (start is null)
        {
            return null;
        }

        var expected = table.Keys.Concat(index?.Keys ?? []).Select(k => k.Name).Distinct(StringComparer.Ordinal).ToList();
        if (start.Count != expected.Count || expected.Any(n => !start.ContainsKey(n)))
        {
            throw DynamoDbErrors.Validation("The provided starting key is invalid: The provided key element does not match the schema");
        }

        foreach (var attribute in table.Keys.Concat(index?.Keys ?? []))
        {
            if (start[attribute.Name].Type != attribute.Type)
            {
                throw DynamoDbErrors.Validation("The provided starting key is invalid: The provided key element does not match the schema");
            }
        }

        var tpk = ItemKey.Encode(start[table.HashKey.Name]);
        var tsk = table.RangeKey is null ? ItemKey.None : ItemKey.Encode(start[table.RangeKey.Name]);
        if (index is null)
        {
            if (partition is not null && !start[table.HashKey.Name].Equals(partition))
            {
                throw DynamoDbErrors.Validation("The provided starting key is outside query boundaries based on provided conditions");
            }

            return new KeyPosition(tpk, tsk, tpk, tsk);
        }

        var ipk = ItemKey.Encode(start[index.HashKey.Name]);
        var isk = index.RangeKey is null ? ItemKey.None : ItemKey.Encode(start[index.RangeKey.Name]);
        return new KeyPosition(ipk, isk, tpk, tsk);
    }

    private static KeyRange WithSortRange(KeyRange range, KeyConstraint? sort)
    {
        if (sort is null)
        {
            return range;
        }

        var first = ItemKey.Encode(sort.Values[0]);
        return sort.Comparison switch
        {
            KeyComparison.Equal => range with { SortLower = first, SortLowerInclusive = true, SortUpper = first, SortUpperInclusive = true },
            KeyComparison.Less => range with { SortUpper = first, SortUpperInclusive = false },
            KeyComparison.LessOrEqual => range with { SortUpper = first, SortUpperInclusive = true },
            KeyComparison.Greater => range with { SortLower = first, SortLowerInclusive = false },
            KeyComparison.GreaterOrEqual => range with { SortLower = first, SortLowerInclusive = true },
            KeyComparison.Between => range with
            {
                SortLower = first,
                SortLowerInclusive = true,
                SortUpper = ItemKey.Encode(sort.Values[1]),
                SortUpperInclusive = true,
            },
            KeyComparison.BeginsWith => ItemKey.PrefixUpperBound(first) is { } upper
                ? range with { SortLower = first, SortLowerInclusive = true, SortUpper = upper, SortUpperInclusive = false }
                : range with { SortLower = first, SortLowerInclusive = true },
            _ => throw new InvalidOperationException("Unknown key comparison " + sort.Comparison),
        };
    }

    private static Dictionary<string, LegacyCondition> Legacy(Dictionary<string, ConditionWire> conditions) =>
        conditions.ToDictionary(
            c => c.Key,
            c => new LegacyCondition(c.Value.ComparisonOperator ?? string.Empty, DynamoDbItems.Values(c.Value.AttributeValueList)),
            StringComparer.Ordinal);
}
