using System.Security.Cryptography;
using System.Text.Json;
using DynamoDbExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.DynamoDb.Model;
using LocalCloud.DynamoDb.Wire;

namespace LocalCloud.DynamoDb;

/// <summary>
/// The item operations. Every write runs as one piece of work on the store's single writer, so reading the
/// current item, checking the condition and writing the item, its index entries and its stream record are one
/// atomic step; reads run on pooled connections and see only committed writes.
/// </summary>
internal sealed class DynamoDbItems(DynamoDbTables tables)
{
    private static readonly string[] ReturnValueNames = ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"];
    private static readonly string[] CapacityModes = ["INDEXES", "TOTAL", "NONE"];
    private static readonly string[] MetricsModes = ["SIZE", "NONE"];
    private static readonly string[] Operators = ["AND", "OR"];
    private static readonly string[] OnFailure = ["ALL_OLD", "NONE"];

    // ---- PutItem, UpdateItem, DeleteItem --------------------------------------------------------------------------

    public async Task<ItemResponse> PutAsync(PutItemRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var condition = PutOrDeleteCondition(request, ExpressionOperation.PutItem, request.Item, "item");
        var table = tables.Resolve(request.TableName!, context);
        var item = request.Item!;
        var (pk, sk) = ItemWriter.ValidateItem(table, item);
        var (effect, old) = await WriteOneAsync(table, pk, sk, condition, request.ReturnValuesOnConditionCheckFailure, _ => item, cancellationToken);
        return new ItemResponse
        {
            Attributes = request.ReturnValues == "ALL_OLD" && old is not null ? ItemJson.FromStored(old.Json) : null,
            ConsumedCapacity = WriteCapacity(request.ReturnConsumedCapacity, table, effect),
            ItemCollectionMetrics = Metrics(request.ReturnItemCollectionMetrics, table, item),
        };
    }

    public async Task<ItemResponse> DeleteAsync(DeleteItemRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var condition = PutOrDeleteCondition(request, ExpressionOperation.DeleteItem, request.Key, "key");
        var table = tables.Resolve(request.TableName!, context);
        var (pk, sk) = ItemWriter.KeyOf(table, request.Key!);
        var (effect, old) = await WriteOneAsync(table, pk, sk, condition, request.ReturnValuesOnConditionCheckFailure, _ => null, cancellationToken);
        return new ItemResponse
        {
            Attributes = request.ReturnValues == "ALL_OLD" && old is not null ? ItemJson.FromStored(old.Json) : null,
            ConsumedCapacity = WriteCapacity(request.ReturnConsumedCapacity, table, effect),
            ItemCollectionMetrics = old is null ? null : Metrics(request.ReturnItemCollectionMetrics, table, old.Item),
        };
    }

    public async Task<ItemResponse> UpdateAsync(UpdateItemRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        CheckWrite(request);
        var constraints = new Constraints();
        constraints.NotNull(request.Key, "key");
        constraints.ThrowIfAny();
        var compiled = Compile(new ExpressionRequest
        {
            Operation = ExpressionOperation.UpdateItem,
            ConditionExpression = request.ConditionExpression,
            UpdateExpression = request.UpdateExpression,
            ExpressionAttributeNames = request.ExpressionAttributeNames,
            ExpressionAttributeValues = request.ExpressionAttributeValues,
            LegacyParameters = Legacy(
                request.Expected is null ? null : "Expected",
                request.AttributeUpdates is null ? null : "AttributeUpdates",
                request.ConditionalOperator is null ? null : "ConditionalOperator"),
        });
        var condition = compiled.Condition ?? ExpectedCondition(request);
        var update = compiled.Update ?? (request.AttributeUpdates is { } updates ? Guard(() => LegacyParameters.AttributeUpdates(
            updates.ToDictionary(u => u.Key, u => new LegacyAttributeUpdate(u.Value.Action, u.Value.Value), StringComparer.Ordinal))) : null);
        var table = tables.Resolve(request.TableName!, context);
        var key = request.Key!;
        var (pk, sk) = ItemWriter.KeyOf(table, key);
        if (update is not null)
        {
            Guard(() =>
            {
                update.CheckKeyAttributesUntouched(table.Keys.Select(k => k.Name));
                return 0;
            });
        }

        Dictionary<string, AttributeValue>? next = null;
        var (effect, old) = await WriteOneAsync(table, pk, sk, condition, request.ReturnValuesOnConditionCheckFailure, existing =>
        {
            next = update is null
                ? new Dictionary<string, AttributeValue>(existing?.Item ?? key, StringComparer.Ordinal)
                : Guard(() => update.Apply(existing?.Item ?? key));
            ItemWriter.CheckIndexKeyTypes(table, next);
            if (ItemSize.Of(next) > ItemSize.MaxItemSize)
            {
                throw DynamoDbErrors.Validation("Item size to update has exceeded the maximum allowed size");
            }

            return next;
        }, cancellationToken);
        var oldItem = old?.Item;
        ItemJson? attributes = request.ReturnValues switch
        {
            "ALL_OLD" when oldItem is not null => ItemJson.FromStored(old!.Json),
            "ALL_NEW" => ItemJson.FromItem(next!),
            "UPDATED_OLD" when oldItem is not null && update is not null => NonEmpty(update.ProjectUpdated(oldItem)),
            "UPDATED_NEW" when update is not null => NonEmpty(update.ProjectUpdated(next!)),
            _ => null,
        };
        return new ItemResponse
        {
            Attributes = attributes,
            ConsumedCapacity = WriteCapacity(request.ReturnConsumedCapacity, table, effect),
            ItemCollectionMetrics = Metrics(request.ReturnItemCollectionMetrics, table, next!),
        };
    }

    private async Task<(WriteEffect Effect, StoredItem? Old)> WriteOneAsync(
        TableDefinition resolved,
        byte[] pk,
        byte[] sk,
        ConditionExpression? condition,
        string? onFailure,
        Func<StoredItem?, IReadOnlyDictionary<string, AttributeValue>?> next,
        CancellationToken cancellationToken)
    {
        var streamed = new List<string>(1);
        var result = await tables.Store.WriteAsync(connection =>
        {
            var table = tables.ById(resolved.Id) ?? throw DynamoDbErrors.ResourceNotFound();
            var old = DynamoDbStore.GetItem(connection, table.Id, pk, sk);
            if (condition is not null && !condition.Evaluate(old?.Item))
            {
                throw DynamoDbErrors.ConditionalCheckFailed(onFailure == "ALL_OLD" ? old?.Item : null);
            }

            var effect = ItemWriter.Write(connection, table, tables.Streams, pk, sk, old, next(old), tables.Clock.GetUtcNow(), streamed);
            return (effect, old);
        }, cancellationToken);
        NotifyStreams(streamed);
        return result;
    }

    // ---- GetItem, BatchGetItem, TransactGetItems ---------------------------------------------------------------------

    public ItemResponse Get(GetItemRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        constraints.TableName(request.TableName, "tableName");
        constraints.NotNull(request.Key, "key");
        constraints.Enum(request.ReturnConsumedCapacity, "returnConsumedCapacity", CapacityModes);
        CheckAttributesToGet(constraints, request.AttributesToGet, "attributesToGet");
        constraints.ThrowIfAny();
        var projection = Projection(ExpressionOperation.GetItem, request.ProjectionExpression, request.ExpressionAttributeNames, request.AttributesToGet);
        var table = tables.Resolve(request.TableName!, context);
        var (pk, sk) = ItemWriter.KeyOf(table, request.Key!);
        var stored = tables.Store.Read(connection => DynamoDbStore.GetItem(connection, table.Id, pk, sk));
        var consistent = request.ConsistentRead == true;
        return new ItemResponse
        {
            Item = stored is null ? null : projection is null ? ItemJson.FromStored(stored.Json) : ItemJson.FromItem(projection.Apply(stored.Item)),
            ConsumedCapacity = Capacity.Report(request.ReturnConsumedCapacity, table, Capacity.Read(stored is null ? 0 : ItemSize.Of(stored.Item), consistent), isWrite: false),
        };
    }

    public BatchGetItemResponse BatchGet(BatchGetItemRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        constraints.NotNull(request.RequestItems, "requestItems");
        constraints.Enum(request.ReturnConsumedCapacity, "returnConsumedCapacity", CapacityModes);
        if (request.RequestItems is { } requested)
        {
            constraints.Length("{...}", requested.Count, "requestItems", 1, 100);
            foreach (var (name, keys) in requested)
            {
                constraints.TableName(name, "requestItems.key");
                constraints.NotNull(keys.Keys, $"requestItems.{name}.member.keys");
                if (keys.Keys is { } list)
                {
                    constraints.Length("[...]", list.Count, $"requestItems.{name}.member.keys", 1, 100);
                }
            }
        }

        constraints.ThrowIfAny();
        var work = new List<(TableDefinition Table, KeysAndAttributesWire Request, ProjectionExpression? Projection, List<(byte[], byte[])> Keys)>();
        var total = 0;
        foreach (var (name, entry) in request.RequestItems!)
        {
            var projection = Projection(ExpressionOperation.BatchGetItem, entry.ProjectionExpression, entry.ExpressionAttributeNames, entry.AttributesToGet);
            total += entry.Keys!.Count;
            if (total > 100)
            {
                throw DynamoDbErrors.Validation("Too many items requested for the BatchGetItem call");
            }

            var table = tables.Resolve(name, context);
            var keys = new List<(byte[], byte[])>();
            foreach (var key in entry.Keys)
            {
                var encoded = ItemWriter.KeyOf(table, key);
                if (keys.Any(k => k.Item1.AsSpan().SequenceEqual(encoded.Pk) && k.Item2.AsSpan().SequenceEqual(encoded.Sk)))
                {
                    throw DynamoDbErrors.Validation("Provided list of item keys contains duplicates");
                }

                keys.Add(encoded);
            }

            work.Add((table, entry, projection, keys));
        }

        var response = new BatchGetItemResponse();
        var capacity = request.ReturnConsumedCapacity is null or "NONE" ? null : new List<ConsumedCapacityWire>();
        tables.Store.Read(connection =>
        {
            foreach (var (table, entry, projection, keys) in work)
            {
                var items = new List<ItemJson>();
                var units = 0.0;
                foreach (var (pk, sk) in keys)
                {
                    var stored = DynamoDbStore.GetItem(connection, table.Id, pk, sk);
                    units += Capacity.Read(stored is null ? 0 : ItemSize.Of(stored.Item), entry.ConsistentRead == true);
                    if (stored is not null)
                    {
                        items.Add(projection is null ? ItemJson.FromStored(stored.Json) : ItemJson.FromItem(projection.Apply(stored.Item)));
                    }
                }

                // Each key is read as its own GetItem would be: rounded up to 4 KB on its own, missing items included.
                response.Responses[RequestedName(request.RequestItems!, entry)] = items;
                if (Capacity.Report(request.ReturnConsumedCapacity, table, units, isWrite: false) is { } report)
                {
                    capacity!.Add(report);
                }
            }

            return 0;
        });
        response.ConsumedCapacity = capacity;
        return response;
    }

    public TransactGetItemsResponse TransactGet(TransactGetItemsRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        constraints.NotNull(request.TransactItems, "transactItems");
        constraints.Enum(request.ReturnConsumedCapacity, "returnConsumedCapacity", "TOTAL", "NONE");
        if (request.TransactItems is { } list)
        {
            constraints.Length("[...]", list.Count, "transactItems", 1, 100);
            for (var i = 0; i < list.Count; i++)
            {
                constraints.NotNull(list[i].Get, $"transactItems.{i + 1}.member.get");
                if (list[i].Get is { } get)
                {
                    constraints.TableName(get.TableName, $"transactItems.{i + 1}.member.get.tableName");
                    constraints.NotNull(get.Key, $"transactItems.{i + 1}.member.get.key");
                }
            }
        }

        constraints.ThrowIfAny();
        var gets = new List<(TableDefinition Table, byte[] Pk, byte[] Sk, ProjectionExpression? Projection)>();
        foreach (var entry in request.TransactItems!)
        {
            var get = entry.Get!;
            var projection = Projection(ExpressionOperation.GetItem, get.ProjectionExpression, get.ExpressionAttributeNames, null);
            var table = tables.Resolve(get.TableName!, context);
            var (pk, sk) = ItemWriter.KeyOf(table, get.Key!);
            if (gets.Any(g => g.Table.Id == table.Id && g.Pk.AsSpan().SequenceEqual(pk) && g.Sk.AsSpan().SequenceEqual(sk)))
            {
                throw DynamoDbErrors.Validation("Transaction request cannot include multiple operations on one item");
            }

            gets.Add((table, pk, sk, projection));
        }

        var response = new TransactGetItemsResponse();
        var units = new Dictionary<long, double>();
        tables.Store.Read(connection =>
        {
            foreach (var (table, pk, sk, projection) in gets)
            {
                var stored = DynamoDbStore.GetItem(connection, table.Id, pk, sk);
                units[table.Id] = units.GetValueOrDefault(table.Id) + Capacity.Read(stored is null ? 0 : ItemSize.Of(stored.Item), true, transactional: true);
                response.Responses.Add(new ItemResponseEntry
                {
                    Item = stored is null ? null : projection is null ? ItemJson.FromStored(stored.Json) : ItemJson.FromItem(projection.Apply(stored.Item)),
                });
            }

            return 0;
        });
        response.ConsumedCapacity = CapacityList(request.ReturnConsumedCapacity, units, isWrite: false);
        return response;
    }

    // ---- BatchWriteItem, TransactWriteItems ---------------------------------------------------------------------------

    public async Task<BatchWriteItemResponse> BatchWriteAsync(BatchWriteItemRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var constraints = new Constraints();
        constraints.NotNull(request.RequestItems, "requestItems");
        constraints.Enum(request.ReturnConsumedCapacity, "returnConsumedCapacity", CapacityModes);
        constraints.Enum(request.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", MetricsModes);
        if (request.RequestItems is { } requested)
        {
            constraints.Length("{...}", requested.Count, "requestItems", 1, 25);
            foreach (var (name, writes) in requested)
            {
                constraints.TableName(name, "requestItems.key");
                if (writes is null || writes.Count is < 1 or > 25)
                {
                    constraints.Add("{...}", "requestItems", "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
                }
            }
        }

        constraints.ThrowIfAny();
        var writesToDo = new List<(TableDefinition Table, byte[] Pk, byte[] Sk, Dictionary<string, AttributeValue>? Item)>();
        var total = 0;
        foreach (var (name, writes) in request.RequestItems!)
        {
            var table = tables.Resolve(name, context);
            foreach (var write in writes)
            {
                if (++total > 25)
                {
                    throw DynamoDbErrors.Validation("Too many items requested for the BatchWriteItem call");
                }

                if ((write.PutRequest is null) == (write.DeleteRequest is null))
                {
                    throw DynamoDbErrors.Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
                }

                byte[] pk, sk;
                Dictionary<string, AttributeValue>? item = null;
                if (write.PutRequest is { } put)
                {
                    item = put.Item ?? throw DynamoDbErrors.Validation("1 validation error detected: Value null at 'requestItems." + name + ".member.1.member.putRequest.item' failed to satisfy constraint: Member must not be null");
                    (pk, sk) = ItemWriter.ValidateItem(table, item);
                }
                else
                {
                    var key = write.DeleteRequest!.Key ?? throw DynamoDbErrors.Validation("1 validation error detected: Value null at 'requestItems." + name + ".member.1.member.deleteRequest.key' failed to satisfy constraint: Member must not be null");
                    (pk, sk) = ItemWriter.KeyOf(table, key);
                }

                if (writesToDo.Any(w => w.Table.Id == table.Id && w.Pk.AsSpan().SequenceEqual(pk) && w.Sk.AsSpan().SequenceEqual(sk)))
                {
                    throw DynamoDbErrors.Validation("Provided list of item keys contains duplicates");
                }

                writesToDo.Add((table, pk, sk, item));
            }
        }

        var streamed = new List<string>();
        var units = await tables.Store.WriteAsync(connection =>
        {
            var consumed = new Dictionary<long, double>();
            var now = tables.Clock.GetUtcNow();
            foreach (var (resolved, pk, sk, item) in writesToDo)
            {
                var table = tables.ById(resolved.Id) ?? throw DynamoDbErrors.ResourceNotFound();
                var old = DynamoDbStore.GetItem(connection, table.Id, pk, sk);
                var effect = ItemWriter.Write(connection, table, tables.Streams, pk, sk, old, item, now, streamed);
                consumed[table.Id] = consumed.GetValueOrDefault(table.Id) + Capacity.Write(effect.OldSize, effect.NewSize);
            }

            return consumed;
        }, cancellationToken);
        NotifyStreams(streamed);
        return new BatchWriteItemResponse { ConsumedCapacity = CapacityList(request.ReturnConsumedCapacity, units, isWrite: true) };
    }

    public async Task<TransactWriteItemsResponse> TransactWriteAsync(TransactWriteItemsRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var constraints = new Constraints();
        constraints.NotNull(request.TransactItems, "transactItems");
        constraints.Enum(request.ReturnConsumedCapacity, "returnConsumedCapacity", CapacityModes);
        constraints.Enum(request.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", MetricsModes);
        if (request.ClientRequestToken is { } token)
        {
            constraints.Length(token, token.Length, "clientRequestToken", 1, 36);
        }

        if (request.TransactItems is { } list)
        {
            constraints.Length("[...]", list.Count, "transactItems", 1, 100);
        }

        constraints.ThrowIfAny();
        var entries = new List<TransactEntry>();
        foreach (var item in request.TransactItems!)
        {
            var actions = (item.Put is null ? 0 : 1) + (item.Update is null ? 0 : 1) + (item.Delete is null ? 0 : 1) + (item.ConditionCheck is null ? 0 : 1);
            if (actions != 1)
            {
                throw DynamoDbErrors.Validation("TransactItems can only contain one of Check, Put, Update or Delete");
            }

            var entry = PrepareTransactEntry(item, context);
            if (entries.Any(e => e.Table.Id == entry.Table.Id && e.Pk.AsSpan().SequenceEqual(entry.Pk) && e.Sk.AsSpan().SequenceEqual(entry.Sk)))
            {
                throw DynamoDbErrors.Validation("Transaction request cannot include multiple operations on one item");
            }

            entries.Add(entry);
        }

        var requestHash = request.ClientRequestToken is null ? null
            : Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, DynamoDbJsonContext.Default.TransactWriteItemsRequest)));
        var streamed = new List<string>();
        var units = await tables.Store.WriteAsync(connection =>
        {
            var now = tables.Clock.GetUtcNow();
            var consumed = new Dictionary<long, double>();
            if (request.ClientRequestToken is { } clientToken
                && !DynamoDbStore.RecordTransaction(connection, context.AccountId, context.Region, clientToken, requestHash!, now.ToUnixTimeMilliseconds(), out var same))
            {
                return same ? consumed : throw DynamoDbErrors.IdempotentParameterMismatch();
            }

            var olds = new StoredItem?[entries.Count];
            var nexts = new IReadOnlyDictionary<string, AttributeValue>?[entries.Count];
            var reasons = new CancellationReasonWire[entries.Count];
            var failed = false;
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var table = tables.ById(entry.Table.Id) ?? throw DynamoDbErrors.ResourceNotFound();
                var old = olds[i] = DynamoDbStore.GetItem(connection, table.Id, entry.Pk, entry.Sk);
                reasons[i] = new CancellationReasonWire { Code = "None" };
                if (entry.Condition is not null && !entry.Condition.Evaluate(old?.Item))
                {
                    reasons[i] = new CancellationReasonWire
                    {
                        Code = "ConditionalCheckFailed",
                        Message = "The conditional request failed",
                        Item = entry.ReturnOldOnFailure ? old?.Item : null,
                    };
                    failed = true;
                    continue;
                }

                try
                {
                    nexts[i] = entry.Next(old);
                }
                catch (ServiceException error) when (error.Code.EndsWith("ValidationException", StringComparison.Ordinal))
                {
                    reasons[i] = new CancellationReasonWire { Code = "ValidationError", Message = error.Message };
                    failed = true;
                }
            }

            if (failed)
            {
                throw DynamoDbErrors.TransactionCanceled(reasons);
            }

            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var table = tables.ById(entry.Table.Id)!;
                var effect = entry.Kind == TransactKind.ConditionCheck
                    ? new WriteEffect(false, 0, 0, null)
                    : ItemWriter.Write(connection, table, tables.Streams, entry.Pk, entry.Sk, olds[i], nexts[i], now, streamed);
                consumed[table.Id] = consumed.GetValueOrDefault(table.Id) + (entry.Kind == TransactKind.ConditionCheck
                    ? Capacity.Read(olds[i] is null ? 0 : ItemSize.Of(olds[i]!.Item), true, transactional: true)
                    : Capacity.Write(effect.OldSize, effect.NewSize, transactional: true));
            }

            return consumed;
        }, cancellationToken);
        NotifyStreams(streamed);
        return new TransactWriteItemsResponse { ConsumedCapacity = CapacityList(request.ReturnConsumedCapacity, units, isWrite: true) };
    }

    private TransactEntry PrepareTransactEntry(TransactWriteItemWire item, RequestContext context)
    {
        if (item.Put is { } put)
        {
            var compiled = Compile(new ExpressionRequest
            {
                Operation = ExpressionOperation.PutItem,
                ConditionExpression = put.ConditionExpression,
                ExpressionAttributeNames = put.ExpressionAttributeNames,
                ExpressionAttributeValues = put.ExpressionAttributeValues,
            });
            var table = ResolveEntryTable(put, context);
            var values = put.Item ?? throw DynamoDbErrors.Validation("1 validation error detected: Value null at 'transactItems.1.member.put.item' failed to satisfy constraint: Member must not be null");
            var (pk, sk) = ItemWriter.ValidateItem(table, values);
            return new TransactEntry(TransactKind.Put, table, pk, sk, compiled.Condition, put.ReturnValuesOnConditionCheckFailure == "ALL_OLD", _ => values);
        }

        var keyed = item.Update ?? item.Delete ?? item.ConditionCheck!;
        var kind = item.Update is not null ? TransactKind.Update : item.Delete is not null ? TransactKind.Delete : TransactKind.ConditionCheck;
        var expressions = Compile(new ExpressionRequest
        {
            Operation = kind switch
            {
                TransactKind.Update => ExpressionOperation.UpdateItem,
                TransactKind.Delete => ExpressionOperation.DeleteItem,
                _ => ExpressionOperation.ConditionCheck,
            },
            ConditionExpression = keyed.ConditionExpression,
            UpdateExpression = kind == TransactKind.Update ? keyed.UpdateExpression : null,
            ExpressionAttributeNames = keyed.ExpressionAttributeNames,
            ExpressionAttributeValues = keyed.ExpressionAttributeValues,
        });
        if (kind == TransactKind.ConditionCheck && expressions.Condition is null)
        {
            throw DynamoDbErrors.Validation("1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.conditionExpression' failed to satisfy constraint: Member must not be null");
        }

        if (kind == TransactKind.Update && expressions.Update is null)
        {
            throw DynamoDbErrors.Validation("1 validation error detected: Value null at 'transactItems.1.member.update.updateExpression' failed to satisfy constraint: Member must not be null");
        }

        var keyTable = ResolveEntryTable(keyed, context);
        var key = keyed.Key ?? throw DynamoDbErrors.Validation("1 validation error detected: Value null at 'transactItems.1.member.key' failed to satisfy constraint: Member must not be null");
        var (kpk, ksk) = ItemWriter.KeyOf(keyTable, key);
        Func<StoredItem?, IReadOnlyDictionary<string, AttributeValue>?> next = kind switch
        {
            TransactKind.Delete => _ => null,
            TransactKind.ConditionCheck => old => old?.Item,
            _ => old =>
            {
                var updated = Guard(() => expressions.Update!.Apply(old?.Item ?? key));
                ItemWriter.CheckIndexKeyTypes(keyTable, updated);
                return updated;
            },
        };
        if (kind == TransactKind.Update)
        {
            Guard(() =>
            {
                expressions.Update!.CheckKeyAttributesUntouched(keyTable.Keys.Select(k => k.Name));
                return 0;
            });
        }

        return new TransactEntry(kind, keyTable, kpk, ksk, expressions.Condition, keyed.ReturnValuesOnConditionCheckFailure == "ALL_OLD", next);
    }

    private TableDefinition ResolveEntryTable(TransactEntryWire entry, RequestContext context)
    {
        var constraints = new Constraints();
        constraints.TableName(entry.TableName, "transactItems.1.member.tableName");
        constraints.Enum(entry.ReturnValuesOnConditionCheckFailure, "transactItems.1.member.returnValuesOnConditionCheckFailure", OnFailure);
        constraints.ThrowIfAny();
        return tables.Resolve(entry.TableName!, context);
    }

    // ---- shared -------------------------------------------------------------------------------------------------------

    private void NotifyStreams(List<string> streamed)
    {
        if (streamed.Count == 0 || tables.Streams is not { } streams)
        {
            return;
        }

        foreach (var arn in streamed.Distinct(StringComparer.Ordinal))
        {
            streams.Committed(arn);
        }
    }

    /// <summary>PutItem's and DeleteItem's shared checks (the item or key present, expressions compiled, ReturnValues
    /// NONE or ALL_OLD) and their condition, from ConditionExpression or the legacy Expected.</summary>
    private static ConditionExpression? PutOrDeleteCondition(ItemWriteRequest request, ExpressionOperation operation, object? required, string member)
    {
        CheckWrite(request);
        var constraints = new Constraints();
        constraints.NotNull(required, member);
        constraints.ThrowIfAny();
        var compiled = Compile(new ExpressionRequest
        {
            Operation = operation,
            ConditionExpression = request.ConditionExpression,
            ExpressionAttributeNames = request.ExpressionAttributeNames,
            ExpressionAttributeValues = request.ExpressionAttributeValues,
            LegacyParameters = Legacy(request.Expected is null ? null : "Expected", request.ConditionalOperator is null ? null : "ConditionalOperator"),
        });
        if (request.ReturnValues is not (null or "NONE" or "ALL_OLD"))
        {
            throw DynamoDbErrors.Validation("ReturnValues can only be ALL_OLD or NONE");
        }

        return compiled.Condition ?? ExpectedCondition(request);
    }

    private static void CheckWrite(ItemWriteRequest request)
    {
        var constraints = new Constraints();
        constraints.TableName(request.TableName, "tableName");
        constraints.Enum(request.ReturnValues, "returnValues", ReturnValueNames);
        constraints.Enum(request.ReturnConsumedCapacity, "returnConsumedCapacity", CapacityModes);
        constraints.Enum(request.ReturnItemCollectionMetrics, "returnItemCollectionMetrics", MetricsModes);
        constraints.Enum(request.ConditionalOperator, "conditionalOperator", Operators);
        constraints.Enum(request.ReturnValuesOnConditionCheckFailure, "returnValuesOnConditionCheckFailure", OnFailure);
        constraints.ThrowIfAny();
    }

    internal static void CheckAttributesToGet(Constraints constraints, List<string>? names, string member)
    {
        if (names is { Count: 0 })
        {
            constraints.Add("[]", member, "Member must have length greater than or equal to 1");
        }
    }

    internal static CompiledExpressions Compile(ExpressionRequest request) => Guard(() => CompiledExpressions.Compile(request));

    internal static T Guard<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (DynamoDbValidationException error)
        {
            throw DynamoDbErrors.From(error);
        }
    }

    internal static IReadOnlyCollection<string> Legacy(params string?[] names) => names.Where(n => n is not null).ToArray()!;

    internal static ProjectionExpression? Projection(ExpressionOperation operation, string? expression, Dictionary<string, string>? names, List<string>? attributesToGet)
    {
        var compiled = Compile(new ExpressionRequest
        {
            Operation = operation,
            ProjectionExpression = expression,
            ExpressionAttributeNames = names,
            LegacyParameters = Legacy(attributesToGet is null ? null : "AttributesToGet"),
        });
        return compiled.Projection ?? (attributesToGet is null ? null : Guard(() => LegacyParameters.AttributesToGet(attributesToGet)));
    }

    internal static IReadOnlyList<AttributeValue>? Values(List<JsonElement>? list) =>
        list?.Select(e => Guard(() => AttributeValueJson.Parse(e.GetRawText()))).ToList();

    private static ConditionExpression? ExpectedCondition(ItemWriteRequest request) =>
        request.Expected is { } expected
            ? Guard(() => LegacyParameters.Expected(
                expected.ToDictionary(e => e.Key, e => new LegacyExpected(e.Value.Value, e.Value.Exists, e.Value.ComparisonOperator, Values(e.Value.AttributeValueList)), StringComparer.Ordinal),
                request.ConditionalOperator))
            : null;

    private static ConsumedCapacityWire? WriteCapacity(string? mode, TableDefinition table, WriteEffect effect)
    {
        if (mode is null or "NONE")
        {
            return null;
        }

        return Capacity.Report(mode, table, Capacity.Write(effect.OldSize, effect.NewSize), isWrite: true, effect.IndexUnits);
    }

    private List<ConsumedCapacityWire>? CapacityList(string? mode, Dictionary<long, double> units, bool isWrite)
    {
        if (mode is null or "NONE")
        {
            return null;
        }

        return units
            .Select(u => tables.ById(u.Key) is { } table ? Capacity.Report(mode, table, u.Value, isWrite) : null)
            .Where(r => r is not null)
            .ToList()!;
    }

    private static ItemCollectionMetricsWire? Metrics(string? mode, TableDefinition table, Dictionary<string, AttributeValue> item)
    {
        if (mode != "SIZE" || table.LocalSecondaryIndexes.Count == 0)
        {
            return null;
        }

        return new ItemCollectionMetricsWire
        {
            ItemCollectionKey = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [table.HashKey.Name] = item[table.HashKey.Name] },
            SizeEstimateRangeGB = [0.0, 1.0],
        };
    }

    private static ItemJson? NonEmpty(Dictionary<string, AttributeValue> item) => item.Count == 0 ? null : ItemJson.FromItem(item);

    private static string RequestedName(Dictionary<string, KeysAndAttributesWire> requested, KeysAndAttributesWire entry) =>
        requested.First(r => ReferenceEquals(r.Value, entry)).Key;

    private enum TransactKind
    {
        Put,
        Update,
        Delete,
        ConditionCheck,
    }

    private sealed record TransactEntry(
        TransactKind Kind,
        TableDefinition Table,
        byte[] Pk,
        byte[] Sk,
        ConditionExpression? Condition,
        bool ReturnOldOnFailure,
        Func<StoredItem?, IReadOnlyDictionary<string, AttributeValue>?> Next);
}
