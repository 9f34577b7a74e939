using System.Text.Json;
using System.Text.Json.Serialization;
using DynamoDbExpressions;

namespace LocalCloud.DynamoDb.Wire;

#pragma warning disable CA2227, CA1002 // wire DTOs: settable collections are how System.Text.Json fills them

// ---- attribute values on the wire -------------------------------------------------------------------------

/// <summary>An item or key, read with DynamoDB's validation in the current layer.</summary>
internal sealed class ItemConverter : JsonConverter<Dictionary<string, AttributeValue>>
{
    public override Dictionary<string, AttributeValue>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : AttributeValueJson.ReadItem(ref reader, ValidationLayer.Current);

    public override void Write(Utf8JsonWriter writer, Dictionary<string, AttributeValue> value, JsonSerializerOptions options) =>
        AttributeValueJson.WriteItem(writer, value);
}

/// <summary>An item or key in the operations DynamoDB validates with its older layer (batch writes, transactions, Scan).</summary>
internal sealed class OlderItemConverter : JsonConverter<Dictionary<string, AttributeValue>>
{
    public override Dictionary<string, AttributeValue>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : AttributeValueJson.ReadItem(ref reader, ValidationLayer.Older);

    public override void Write(Utf8JsonWriter writer, Dictionary<string, AttributeValue> value, JsonSerializerOptions options) =>
        AttributeValueJson.WriteItem(writer, value);
}

internal sealed class ValuesConverter : JsonConverter<Dictionary<string, AttributeValue>>
{
    public override Dictionary<string, AttributeValue>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : AttributeValueJson.ReadExpressionAttributeValues(ref reader, ValidationLayer.Current);

    public override void Write(Utf8JsonWriter writer, Dictionary<string, AttributeValue> value, JsonSerializerOptions options) =>
        AttributeValueJson.WriteItem(writer, value);
}

internal sealed class OlderValuesConverter : JsonConverter<Dictionary<string, AttributeValue>>
{
    public override Dictionary<string, AttributeValue>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : AttributeValueJson.ReadExpressionAttributeValues(ref reader, ValidationLayer.Older);

    public override void Write(Utf8JsonWriter writer, Dictionary<string, AttributeValue> value, JsonSerializerOptions options) =>
        AttributeValueJson.WriteItem(writer, value);
}

internal sealed class AttributeValueConverter : JsonConverter<AttributeValue>
{
    public override AttributeValue? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : AttributeValueJson.Read(ref reader, ValidationLayer.Current);

    public override void Write(Utf8JsonWriter writer, AttributeValue value, JsonSerializerOptions options) =>
        AttributeValueJson.Write(writer, value);
}

internal sealed class ItemListConverter : JsonConverter<List<Dictionary<string, AttributeValue>>>
{
    public override List<Dictionary<string, AttributeValue>>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected a list of items.");
        }

        var items = new List<Dictionary<string, AttributeValue>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(AttributeValueJson.ReadItem(ref reader, ValidationLayer.Current));
        }

        return items;
    }

    public override void Write(Utf8JsonWriter writer, List<Dictionary<string, AttributeValue>> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            AttributeValueJson.WriteItem(writer, item);
        }

        writer.WriteEndArray();
    }
}

/// <summary>An item in a response: either its stored JSON, written as it is, or a projection of it.</summary>
[JsonConverter(typeof(ItemJsonConverter))]
internal sealed class ItemJson
{
    private ItemJson(ReadOnlyMemory<byte> raw, IReadOnlyDictionary<string, AttributeValue>? item)
    {
        Raw = raw;
        Item = item;
    }

    public ReadOnlyMemory<byte> Raw { get; }

    public IReadOnlyDictionary<string, AttributeValue>? Item { get; }

    public static ItemJson FromStored(ReadOnlyMemory<byte> json) => new(json, null);

    public static ItemJson FromItem(IReadOnlyDictionary<string, AttributeValue> item) => new(default, item);
}

internal sealed class ItemJsonConverter : JsonConverter<ItemJson>
{
    public override ItemJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ItemJson.FromItem(AttributeValueJson.ReadItem(ref reader));

    public override void Write(Utf8JsonWriter writer, ItemJson value, JsonSerializerOptions options)
    {
        if (value.Item is { } item)
        {
            AttributeValueJson.WriteItem(writer, item);
        }
        else
        {
            writer.WriteRawValue(value.Raw.Span, skipInputValidation: true);
        }
    }
}

// ---- control plane ---------------------------------------------------------------------------------------

internal sealed class AttributeDefinition
{
    public string? AttributeName { get; set; }

    public string? AttributeType { get; set; }
}

internal sealed class KeySchemaElementWire
{
    public string? AttributeName { get; set; }

    public string? KeyType { get; set; }
}

internal sealed class ProjectionWire
{
    public string? ProjectionType { get; set; }

    public List<string>? NonKeyAttributes { get; set; }
}

internal sealed class ProvisionedThroughputWire
{
    public long? ReadCapacityUnits { get; set; }

    public long? WriteCapacityUnits { get; set; }
}

internal sealed class OnDemandThroughputWire
{
    public long? MaxReadRequestUnits { get; set; }

    public long? MaxWriteRequestUnits { get; set; }
}

internal sealed class SecondaryIndexWire
{
    public string? IndexName { get; set; }

    public List<KeySchemaElementWire>? KeySchema { get; set; }

    public ProjectionWire? Projection { get; set; }

    public ProvisionedThroughputWire? ProvisionedThroughput { get; set; }

    public OnDemandThroughputWire? OnDemandThroughput { get; set; }
}

internal sealed class StreamSpecificationWire
{
    public bool? StreamEnabled { get; set; }

    public string? StreamViewType { get; set; }
}

internal sealed class SseSpecificationWire
{
    public bool? Enabled { get; set; }

    public string? SSEType { get; set; }

    public string? KMSMasterKeyId { get; set; }
}

internal sealed class TagWire
{
    public string? Key { get; set; }

    public string? Value { get; set; }
}

internal sealed class CreateTableRequest
{
    public List<AttributeDefinition>? AttributeDefinitions { get; set; }

    public string? TableName { get; set; }

    public List<KeySchemaElementWire>? KeySchema { get; set; }

    public List<SecondaryIndexWire>? LocalSecondaryIndexes { get; set; }

    public List<SecondaryIndexWire>? GlobalSecondaryIndexes { get; set; }

    public string? BillingMode { get; set; }

    public ProvisionedThroughputWire? ProvisionedThroughput { get; set; }

    public StreamSpecificationWire? StreamSpecification { get; set; }

    public SseSpecificationWire? SSESpecification { get; set; }

    public List<TagWire>? Tags { get; set; }

    public string? TableClass { get; set; }

    public bool? DeletionProtectionEnabled { get; set; }

    public OnDemandThroughputWire? OnDemandThroughput { get; set; }

    public string? ResourcePolicy { get; set; }
}

internal sealed class GlobalSecondaryIndexUpdateWire
{
    public SecondaryIndexWire? Update { get; set; }

    public SecondaryIndexWire? Create { get; set; }

    public SecondaryIndexWire? Delete { get; set; }
}

internal sealed class UpdateTableRequest
{
    public List<AttributeDefinition>? AttributeDefinitions { get; set; }

    public string? TableName { get; set; }

    public string? BillingMode { get; set; }

    public ProvisionedThroughputWire? ProvisionedThroughput { get; set; }

    public List<GlobalSecondaryIndexUpdateWire>? GlobalSecondaryIndexUpdates { get; set; }

    public StreamSpecificationWire? StreamSpecification { get; set; }

    public SseSpecificationWire? SSESpecification { get; set; }

    public string? TableClass { get; set; }

    public bool? DeletionProtectionEnabled { get; set; }

    public OnDemandThroughputWire? OnDemandThroughput { get; set; }
}

internal sealed class TableNameRequest
{
    public string? TableName { get; set; }
}

internal sealed class ListTablesRequest
{
    public string? ExclusiveStartTableName { get; set; }

    public int? Limit { get; set; }
}

internal sealed class ListTablesResponse
{
    public List<string> TableNames { get; set; } = [];

    public string? LastEvaluatedTableName { get; set; }
}

internal sealed class ProvisionedThroughputDescription
{
    public double? LastIncreaseDateTime { get; set; }

    public double? LastDecreaseDateTime { get; set; }

    public long NumberOfDecreasesToday { get; set; }

    public long ReadCapacityUnits { get; set; }

    public long WriteCapacityUnits { get; set; }
}

internal sealed class BillingModeSummaryWire
{
    public string? BillingMode { get; set; }

    public double? LastUpdateToPayPerRequestDateTime { get; set; }
}

internal sealed class IndexDescription
{
    public string? IndexName { get; set; }

    public List<KeySchemaElementWire>? KeySchema { get; set; }

    public ProjectionWire? Projection { get; set; }

    public string? IndexStatus { get; set; }

    public bool? Backfilling { get; set; }

    public ProvisionedThroughputDescription? ProvisionedThroughput { get; set; }

    public long IndexSizeBytes { get; set; }

    public long ItemCount { get; set; }

    public string? IndexArn { get; set; }
}

internal sealed class SseDescriptionWire
{
    public string? Status { get; set; }

    public string? SSEType { get; set; }

    public string? KMSMasterKeyArn { get; set; }
}

internal sealed class TableClassSummaryWire
{
    public string? TableClass { get; set; }
}

internal sealed class TableDescription
{
    public List<AttributeDefinition>? AttributeDefinitions { get; set; }

    public string? TableName { get; set; }

    public List<KeySchemaElementWire>? KeySchema { get; set; }

    public string? TableStatus { get; set; }

    public double CreationDateTime { get; set; }

    public ProvisionedThroughputDescription? ProvisionedThroughput { get; set; }

    public long TableSizeBytes { get; set; }

    public long ItemCount { get; set; }

    public string? TableArn { get; set; }

    public string? TableId { get; set; }

    public BillingModeSummaryWire? BillingModeSummary { get; set; }

    public List<IndexDescription>? LocalSecondaryIndexes { get; set; }

    public List<IndexDescription>? GlobalSecondaryIndexes { get; set; }

    public StreamSpecificationWire? StreamSpecification { get; set; }

    public string? LatestStreamLabel { get; set; }

    public string? LatestStreamArn { get; set; }

    public SseDescriptionWire? SSEDescription { get; set; }

    public TableClassSummaryWire? TableClassSummary { get; set; }

    public bool DeletionProtectionEnabled { get; set; }
}

internal sealed class TableDescriptionResponse
{
    public TableDescription? TableDescription { get; set; }
}

internal sealed class DescribeTableResponse
{
    public TableDescription? Table { get; set; }
}

internal sealed class TimeToLiveSpecificationWire
{
    public bool? Enabled { get; set; }

    public string? AttributeName { get; set; }
}

internal sealed class UpdateTimeToLiveRequest
{
    public string? TableName { get; set; }

    public TimeToLiveSpecificationWire? TimeToLiveSpecification { get; set; }
}

internal sealed class UpdateTimeToLiveResponse
{
    public TimeToLiveSpecificationWire? TimeToLiveSpecification { get; set; }
}

internal sealed class TimeToLiveDescriptionWire
{
    public string? TimeToLiveStatus { get; set; }

    public string? AttributeName { get; set; }
}

internal sealed class DescribeTimeToLiveResponse
{
    public TimeToLiveDescriptionWire? TimeToLiveDescription { get; set; }
}

internal sealed class TagResourceRequest
{
    public string? ResourceArn { get; set; }

    public List<TagWire>? Tags { get; set; }
}

internal sealed class UntagResourceRequest
{
    public string? ResourceArn { get; set; }

    public List<string>? TagKeys { get; set; }
}

internal sealed class ListTagsOfResourceRequest
{
    public string? ResourceArn { get; set; }

    public string? NextToken { get; set; }
}

internal sealed class ListTagsOfResourceResponse
{
    public List<TagWire> Tags { get; set; } = [];

    public string? NextToken { get; set; }
}

internal sealed class EndpointWire
{
    public string? Address { get; set; }

    public long CachePeriodInMinutes { get; set; }
}

internal sealed class DescribeEndpointsResponse
{
    public List<EndpointWire> Endpoints { get; set; } = [];
}

internal sealed class DescribeLimitsResponse
{
    public long AccountMaxReadCapacityUnits { get; set; }

    public long AccountMaxWriteCapacityUnits { get; set; }

    public long TableMaxReadCapacityUnits { get; set; }

    public long TableMaxWriteCapacityUnits { get; set; }
}

internal sealed class EmptyRequest
{
}

// ---- items ----------------------------------------------------------------------------------------------

internal sealed class ExpectedWire
{
    [JsonConverter(typeof(AttributeValueConverter))]
    public AttributeValue? Value { get; set; }

    public bool? Exists { get; set; }

    public string? ComparisonOperator { get; set; }

    public List<JsonElement>? AttributeValueList { get; set; }
}

internal sealed class ConditionWire
{
    public List<JsonElement>? AttributeValueList { get; set; }

    public string? ComparisonOperator { get; set; }
}

internal sealed class AttributeValueUpdateWire
{
    [JsonConverter(typeof(AttributeValueConverter))]
    public AttributeValue? Value { get; set; }

    public string? Action { get; set; }
}

/// <summary>The members every single-item write shares (PutItem, UpdateItem, DeleteItem).</summary>
internal abstract class ItemWriteRequest
{
    public string? TableName { get; set; }

    public string? ConditionExpression { get; set; }

    public Dictionary<string, string>? ExpressionAttributeNames { get; set; }

    [JsonConverter(typeof(ValuesConverter))]
    public Dictionary<string, AttributeValue>? ExpressionAttributeValues { get; set; }

    public Dictionary<string, ExpectedWire>? Expected { get; set; }

    public string? ConditionalOperator { get; set; }

    public string? ReturnValues { get; set; }

    public string? ReturnConsumedCapacity { get; set; }

    public string? ReturnItemCollectionMetrics { get; set; }

    public string? ReturnValuesOnConditionCheckFailure { get; set; }
}

internal sealed class PutItemRequest : ItemWriteRequest
{
    [JsonConverter(typeof(ItemConverter))]
    public Dictionary<string, AttributeValue>? Item { get; set; }
}

internal sealed class DeleteItemRequest : ItemWriteRequest
{
    [JsonConverter(typeof(ItemConverter))]
    public Dictionary<string, AttributeValue>? Key { get; set; }
}

internal sealed class UpdateItemRequest : ItemWriteRequest
{
    [JsonConverter(typeof(ItemConverter))]
    public Dictionary<string, AttributeValue>? Key { get; set; }

    public string? UpdateExpression { get; set; }

    public Dictionary<string, AttributeValueUpdateWire>? AttributeUpdates { get; set; }
}

internal sealed class GetItemRequest
{
    public string? TableName { get; set; }

    [JsonConverter(typeof(ItemConverter))]
    public Dictionary<string, AttributeValue>? Key { get; set; }

    public List<string>? AttributesToGet { get; set; }

    public bool? ConsistentRead { get; set; }

    public string? ReturnConsumedCapacity { get; set; }

    public string? ProjectionExpression { get; set; }

    public Dictionary<string, string>? ExpressionAttributeNames { get; set; }
}

internal sealed class CapacityWire
{
    public double? ReadCapacityUnits { get; set; }

    public double? WriteCapacityUnits { get; set; }

    public double? CapacityUnits { get; set; }
}

internal sealed class ConsumedCapacityWire
{
    public string? TableName { get; set; }

    public double? CapacityUnits { get; set; }

    public double? ReadCapacityUnits { get; set; }

    public double? WriteCapacityUnits { get; set; }

    public CapacityWire? Table { get; set; }

    public Dictionary<string, CapacityWire>? LocalSecondaryIndexes { get; set; }

    public Dictionary<string, CapacityWire>? GlobalSecondaryIndexes { get; set; }
}

internal sealed class ItemCollectionMetricsWire
{
    [JsonConverter(typeof(ItemConverter))]
    public Dictionary<string, AttributeValue>? ItemCollectionKey { get; set; }

    public List<double>? SizeEstimateRangeGB { get; set; }
}

internal sealed class ItemResponse
{
    public ItemJson? Item { get; set; }

    public ItemJson? Attributes { get; set; }

    public ConsumedCapacityWire? ConsumedCapacity { get; set; }

    public ItemCollectionMetricsWire? ItemCollectionMetrics { get; set; }
}

internal sealed class QueryRequest
{
    public string? TableName { get; set; }

    public string? IndexName { get; set; }

    public string? Select { get; set; }

    public List<string>? AttributesToGet { get; set; }

    public int? Limit { get; set; }

    public bool? ConsistentRead { get; set; }

    public Dictionary<string, ConditionWire>? KeyConditions { get; set; }

    public Dictionary<string, ConditionWire>? QueryFilter { get; set; }

    public string? ConditionalOperator { get; set; }

    public bool? ScanIndexForward { get; set; }

    [JsonConverter(typeof(ItemConverter))]
    public Dictionary<string, AttributeValue>? ExclusiveStartKey { get; set; }

    public string? ReturnConsumedCapacity { get; set; }

    public string? ProjectionExpression { get; set; }

    public string? FilterExpression { get; set; }

    public string? KeyConditionExpression { get; set; }

    public Dictionary<string, string>? ExpressionAttributeNames { get; set; }

    [JsonConverter(typeof(ValuesConverter))]
    public Dictionary<string, AttributeValue>? ExpressionAttributeValues { get; set; }
}

internal sealed class ScanRequest
{
    public string? TableName { get; set; }

    public string? IndexName { get; set; }

    public List<string>? AttributesToGet { get; set; }

    public int? Limit { get; set; }

    public string? Select { get; set; }

    public Dictionary<string, ConditionWire>? ScanFilter { get; set; }

    public string? ConditionalOperator { get; set; }

    [JsonConverter(typeof(OlderItemConverter))]
    public Dictionary<string, AttributeValue>? ExclusiveStartKey { get; set; }

    public string? ReturnConsumedCapacity { get; set; }

    public int? TotalSegments { get; set; }

    public int? Segment { get; set; }

    public string? ProjectionExpression { get; set; }

    public string? FilterExpression { get; set; }

    public Dictionary<string, string>? ExpressionAttributeNames { get; set; }

    [JsonConverter(typeof(OlderValuesConverter))]
    public Dictionary<string, AttributeValue>? ExpressionAttributeValues { get; set; }

    public bool? ConsistentRead { get; set; }
}

internal sealed class ReadPageResponse
{
    public List<ItemJson>? Items { get; set; }

    public int Count { get; set; }

    public int ScannedCount { get; set; }

    [JsonConverter(typeof(ItemConverter))]
    public Dictionary<string, AttributeValue>? LastEvaluatedKey { get; set; }

    public ConsumedCapacityWire? ConsumedCapacity { get; set; }
}

internal sealed class KeysAndAttributesWire
{
    [JsonConverter(typeof(ItemListConverter))]
    public List<Dictionary<string, AttributeValue>>? Keys { get; set; }

    public List<string>? AttributesToGet { get; set; }

    public bool? ConsistentRead { get; set; }

    public string? ProjectionExpression { get; set; }

    public Dictionary<string, string>? ExpressionAttributeNames { get; set; }
}

internal sealed class BatchGetItemRequest
{
    public Dictionary<string, KeysAndAttributesWire>? RequestItems { get; set; }

    public string? ReturnConsumedCapacity { get; set; }
}

internal sealed class BatchGetItemResponse
{
    public Dictionary<string, List<ItemJson>> Responses { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, KeysAndAttributesWire> UnprocessedKeys { get; set; } = new(StringComparer.Ordinal);

    public List<ConsumedCapacityWire>? ConsumedCapacity { get; set; }
}

internal sealed class PutRequestWire
{
    [JsonConverter(typeof(OlderItemConverter))]
    public Dictionary<string, AttributeValue>? Item { get; set; }
}

internal sealed class DeleteRequestWire
{
    [JsonConverter(typeof(OlderItemConverter))]
    public Dictionary<string, AttributeValue>? Key { get; set; }
}

internal sealed class WriteRequestWire
{
    public PutRequestWire? PutRequest { get; set; }

    public DeleteRequestWire? DeleteRequest { get; set; }
}

internal sealed class BatchWriteItemRequest
{
    public Dictionary<string, List<WriteRequestWire>>? RequestItems { get; set; }

    public string? ReturnConsumedCapacity { get; set; }

    public string? ReturnItemCollectionMetrics { get; set; }
}

internal sealed class BatchWriteItemResponse
{
    public Dictionary<string, List<WriteRequestWire>> UnprocessedItems { get; set; } = new(StringComparer.Ordinal);

    public List<ConsumedCapacityWire>? ConsumedCapacity { get; set; }

    public Dictionary<string, List<ItemCollectionMetricsWire>>? ItemCollectionMetrics { get; set; }
}

/// <summary>The members every TransactWriteItems entry shares.</summary>
internal abstract class TransactEntryWire
{
    public string? TableName { get; set; }

    public string? ConditionExpression { get; set; }

    public Dictionary<string, string>? ExpressionAttributeNames { get; set; }

    [JsonConverter(typeof(OlderValuesConverter))]
    public Dictionary<string, AttributeValue>? ExpressionAttributeValues { get; set; }

    public string? ReturnValuesOnConditionCheckFailure { get; set; }
}

internal sealed class TransactPutWire : TransactEntryWire
{
    [JsonConverter(typeof(OlderItemConverter))]
    public Dictionary<string, AttributeValue>? Item { get; set; }
}

internal sealed class TransactKeyedWire : TransactEntryWire
{
    [JsonConverter(typeof(OlderItemConverter))]
    public Dictionary<string, AttributeValue>? Key { get; set; }

    public string? UpdateExpression { get; set; }
}

internal sealed class TransactWriteItemWire
{
    public TransactKeyedWire? ConditionCheck { get; set; }

    public TransactPutWire? Put { get; set; }

    public TransactKeyedWire? Delete { get; set; }

    public TransactKeyedWire? Update { get; set; }
}

internal sealed class TransactWriteItemsRequest
{
    public List<TransactWriteItemWire>? TransactItems { get; set; }

    public string? ReturnConsumedCapacity { get; set; }

    public string? ReturnItemCollectionMetrics { get; set; }

    public string? ClientRequestToken { get; set; }
}

internal sealed class TransactWriteItemsResponse
{
    public List<ConsumedCapacityWire>? ConsumedCapacity { get; set; }

    public Dictionary<string, List<ItemCollectionMetricsWire>>? ItemCollectionMetrics { get; set; }
}

internal sealed class TransactGetWire
{
    public string? TableName { get; set; }

    [JsonConverter(typeof(OlderItemConverter))]
    public Dictionary<string, AttributeValue>? Key { get; set; }

    public string? ProjectionExpression { get; set; }

    public Dictionary<string, string>? ExpressionAttributeNames { get; set; }
}

internal sealed class TransactGetItemWire
{
    public TransactGetWire? Get { get; set; }
}

internal sealed class TransactGetItemsRequest
{
    public List<TransactGetItemWire>? TransactItems { get; set; }

    public string? ReturnConsumedCapacity { get; set; }
}

internal sealed class ItemResponseEntry
{
    public ItemJson? Item { get; set; }
}

internal sealed class TransactGetItemsResponse
{
    public List<ItemResponseEntry> Responses { get; set; } = [];

    public List<ConsumedCapacityWire>? ConsumedCapacity { get; set; }
}

internal sealed class CancellationReasonWire
{
    [JsonConverter(typeof(ItemConverter))]
    public Dictionary<string, AttributeValue>? Item { get; set; }

    public string? Code { get; set; }

    public string? Message { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateTableRequest))]
[JsonSerializable(typeof(UpdateTableRequest))]
[JsonSerializable(typeof(TableNameRequest))]
[JsonSerializable(typeof(ListTablesRequest))]
[JsonSerializable(typeof(ListTablesResponse))]
[JsonSerializable(typeof(TableDescriptionResponse))]
[JsonSerializable(typeof(DescribeTableResponse))]
[JsonSerializable(typeof(UpdateTimeToLiveRequest))]
[JsonSerializable(typeof(UpdateTimeToLiveResponse))]
[JsonSerializable(typeof(DescribeTimeToLiveResponse))]
[JsonSerializable(typeof(TagResourceRequest))]
[JsonSerializable(typeof(UntagResourceRequest))]
[JsonSerializable(typeof(ListTagsOfResourceRequest))]
[JsonSerializable(typeof(ListTagsOfResourceResponse))]
[JsonSerializable(typeof(DescribeEndpointsResponse))]
[JsonSerializable(typeof(DescribeLimitsResponse))]
[JsonSerializable(typeof(EmptyRequest))]
[JsonSerializable(typeof(PutItemRequest))]
[JsonSerializable(typeof(DeleteItemRequest))]
[JsonSerializable(typeof(UpdateItemRequest))]
[JsonSerializable(typeof(GetItemRequest))]
[JsonSerializable(typeof(ItemResponse))]
[JsonSerializable(typeof(QueryRequest))]
[JsonSerializable(typeof(ScanRequest))]
[JsonSerializable(typeof(ReadPageResponse))]
[JsonSerializable(typeof(BatchGetItemRequest))]
[JsonSerializable(typeof(BatchGetItemResponse))]
[JsonSerializable(typeof(BatchWriteItemRequest))]
[JsonSerializable(typeof(BatchWriteItemResponse))]
[JsonSerializable(typeof(TransactWriteItemsRequest))]
[JsonSerializable(typeof(TransactWriteItemsResponse))]
[JsonSerializable(typeof(TransactGetItemsRequest))]
[JsonSerializable(typeof(TransactGetItemsResponse))]
[JsonSerializable(typeof(CancellationReasonWire))]
[JsonSerializable(typeof(ConsumedCapacityWire))]
internal sealed partial class DynamoDbJsonContext : JsonSerializerContext;
