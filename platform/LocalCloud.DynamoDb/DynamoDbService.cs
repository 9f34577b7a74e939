using System.Text.Json.Serialization.Metadata;
using DynamoDbExpressions;
using LocalCloud.Core.Hosting;
using LocalCloud.DynamoDb.Wire;

namespace LocalCloud.DynamoDb;

/// <summary>The DynamoDB wire adapter (awsJson1_0, <c>DynamoDB_20120810.*</c>): the operation table and the
/// mapping of DynamoDB's validation errors. Tables are <see cref="DynamoDbTables"/>, items <see cref="DynamoDbItems"/>
/// and <see cref="DynamoDbReads"/>.</summary>
internal sealed class DynamoDbService(DynamoDbTables tables, DynamoDbItems items, DynamoDbReads reads) : AwsJsonService
{
    public override string Name => "dynamodb";

    public override string SigningName => "dynamodb";

    public override AwsProtocol Protocol => AwsProtocol.AwsJson10;

    public override string TargetPrefix => "DynamoDB_20120810";

    public override string ErrorCodePrefix => "com.amazon.coral.service#";

    protected override IEnumerable<AwsJsonOperation> DefineOperations() =>
    [
        Op("CreateTable", DynamoDbJsonContext.Default.CreateTableRequest, async (r, c, ct) =>
            Json(new TableDescriptionResponse { TableDescription = await tables.CreateAsync(r, c, ct) }, DynamoDbJsonContext.Default.TableDescriptionResponse)),
        Op("DescribeTable", DynamoDbJsonContext.Default.TableNameRequest, (r, c, _) =>
            Done(Json(new DescribeTableResponse { Table = tables.Describe(TableName(r.TableName), c) }, DynamoDbJsonContext.Default.DescribeTableResponse))),
        Op("ListTables", DynamoDbJsonContext.Default.ListTablesRequest, (r, c, _) =>
            Done(Json(tables.List(r, c), DynamoDbJsonContext.Default.ListTablesResponse))),
        Op("UpdateTable", DynamoDbJsonContext.Default.UpdateTableRequest, async (r, c, ct) =>
            Json(new TableDescriptionResponse { TableDescription = await tables.UpdateAsync(r, c, ct) }, DynamoDbJsonContext.Default.TableDescriptionResponse)),
        Op("DeleteTable", DynamoDbJsonContext.Default.TableNameRequest, async (r, c, ct) =>
            Json(new TableDescriptionResponse { TableDescription = await tables.DeleteAsync(TableName(r.TableName), c, ct) }, DynamoDbJsonContext.Default.TableDescriptionResponse)),
        Op("UpdateTimeToLive", DynamoDbJsonContext.Default.UpdateTimeToLiveRequest, async (r, c, ct) =>
            Json(new UpdateTimeToLiveResponse { TimeToLiveSpecification = await tables.UpdateTimeToLiveAsync(r, c, ct) }, DynamoDbJsonContext.Default.UpdateTimeToLiveResponse)),
        Op("DescribeTimeToLive", DynamoDbJsonContext.Default.TableNameRequest, (r, c, _) =>
            Done(Json(new DescribeTimeToLiveResponse { TimeToLiveDescription = tables.DescribeTimeToLive(TableName(r.TableName), c) }, DynamoDbJsonContext.Default.DescribeTimeToLiveResponse))),
        Op("TagResource", DynamoDbJsonContext.Default.TagResourceRequest, TagAsync),
        Op("UntagResource", DynamoDbJsonContext.Default.UntagResourceRequest, UntagAsync),
        Op("ListTagsOfResource", DynamoDbJsonContext.Default.ListTagsOfResourceRequest, (r, c, _) => Done(ListTags(r, c))),
        Op("DescribeEndpoints", DynamoDbJsonContext.Default.EmptyRequest, (_, c, _) => Done(Json(
            new DescribeEndpointsResponse { Endpoints = [new EndpointWire { Address = c.Endpoint.Authority, CachePeriodInMinutes = 1440 }] },
            DynamoDbJsonContext.Default.DescribeEndpointsResponse))),
        Op("DescribeLimits", DynamoDbJsonContext.Default.EmptyRequest, (_, _, _) => Done(Json(
            new DescribeLimitsResponse
            {
                AccountMaxReadCapacityUnits = 80000,
                AccountMaxWriteCapacityUnits = 80000,
                TableMaxReadCapacityUnits = 40000,
                TableMaxWriteCapacityUnits = 40000,
            },
            DynamoDbJsonContext.Default.DescribeLimitsResponse))),
        Op("PutItem", DynamoDbJsonContext.Default.PutItemRequest, async (r, c, ct) => Item(await items.PutAsync(r, c, ct)), wrapValues: true),
        Op("UpdateItem", DynamoDbJsonContext.Default.UpdateItemRequest, async (r, c, ct) => Item(await items.UpdateAsync(r, c, ct)), wrapValues: true),
        Op("DeleteItem", DynamoDbJsonContext.Default.DeleteItemRequest, async (r, c, ct) => Item(await items.DeleteAsync(r, c, ct)), wrapValues: true),
        Op("GetItem", DynamoDbJsonContext.Default.GetItemRequest, (r, c, _) => Done(Item(items.Get(r, c)))),
        Op("BatchGetItem", DynamoDbJsonContext.Default.BatchGetItemRequest, (r, c, _) =>
            Done(Json(items.BatchGet(r, c), DynamoDbJsonContext.Default.BatchGetItemResponse))),
        Op("BatchWriteItem", DynamoDbJsonContext.Default.BatchWriteItemRequest, async (r, c, ct) =>
            Json(await items.BatchWriteAsync(r, c, ct), DynamoDbJsonContext.Default.BatchWriteItemResponse)),
        Op("TransactWriteItems", DynamoDbJsonContext.Default.TransactWriteItemsRequest, async (r, c, ct) =>
            Json(await items.TransactWriteAsync(r, c, ct), DynamoDbJsonContext.Default.TransactWriteItemsResponse)),
        Op("TransactGetItems", DynamoDbJsonContext.Default.TransactGetItemsRequest, (r, c, _) =>
            Done(Json(items.TransactGet(r, c), DynamoDbJsonContext.Default.TransactGetItemsResponse))),
        Op("Query", DynamoDbJsonContext.Default.QueryRequest, (r, c, _) => Done(Json(reads.Query(r, c), DynamoDbJsonContext.Default.ReadPageResponse))),
        Op("Scan", DynamoDbJsonContext.Default.ScanRequest, (r, c, _) => Done(Json(reads.Scan(r, c), DynamoDbJsonContext.Default.ReadPageResponse))),
    ];

    /// <summary>An operation whose body is read with its source-generated type, with DynamoDB's validation errors
    /// (thrown while reading attribute values, or later) answered as ValidationException.</summary>
    private static AwsJsonOperation Op<TRequest>(
        string name,
        JsonTypeInfo<TRequest> type,
        Func<TRequest, RequestContext, CancellationToken, Task<AwsJsonResponse>> handler,
        bool wrapValues = false)
        where TRequest : class, new() =>
        new(name, async (body, context, cancellationToken) =>
        {
            TRequest request;
            try
            {
                request = AwsJson.Deserialize(body, type);
            }
            catch (DynamoDbValidationException error)
            {
                throw wrapValues ? DynamoDbErrors.WrappedValidation(error.Message) : DynamoDbErrors.From(error);
            }
            catch (ServiceException error) when (error.Code == "SerializationException")
            {
                throw DynamoDbErrors.Serialization(error.Message);
            }

            try
            {
                return await handler(request, context, cancellationToken);
            }
            catch (DynamoDbValidationException error)
            {
                throw DynamoDbErrors.From(error);
            }
        });

    private static Task<AwsJsonResponse> Done(AwsJsonResponse response) => Task.FromResult(response);

    private static AwsJsonResponse Json<T>(T value, JsonTypeInfo<T> type) => AwsJsonResponse.From(value, type);

    private static AwsJsonResponse Item(ItemResponse response) => AwsJsonResponse.From(response, DynamoDbJsonContext.Default.ItemResponse);

    private static string TableName(string? name)
    {
        var constraints = new Constraints();
        constraints.TableName(name, "tableName");
        constraints.ThrowIfAny();
        return name!;
    }

    private async Task<AwsJsonResponse> TagAsync(TagResourceRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var constraints = new Constraints();
        constraints.NotNull(request.ResourceArn, "resourceArn");
        constraints.NotNull(request.Tags, "tags");
        constraints.ThrowIfAny();
        if (request.Tags!.Count == 0)
        {
            throw DynamoDbErrors.Validation("Atleast one Tag needs to be provided as Input.");
        }

        foreach (var tag in request.Tags)
        {
            var tagConstraints = new Constraints();
            tagConstraints.NotNull(tag.Key, "tags.member.key");
            tagConstraints.NotNull(tag.Value, "tags.member.value");
            tagConstraints.ThrowIfAny();
        }

        await tables.TagAsync(request.ResourceArn!, request.Tags, context, cancellationToken);
        return AwsJsonResponse.Empty;
    }

    private async Task<AwsJsonResponse> UntagAsync(UntagResourceRequest request, RequestContext context, CancellationToken cancellationToken)
    {
        var constraints = new Constraints();
        constraints.NotNull(request.ResourceArn, "resourceArn");
        constraints.NotNull(request.TagKeys, "tagKeys");
        constraints.ThrowIfAny();
        if (request.TagKeys!.Count == 0)
        {
            throw DynamoDbErrors.Validation("Atleast one Tag Key needs to be provided as Input.");
        }

        await tables.UntagAsync(request.ResourceArn!, request.TagKeys!, context, cancellationToken);
        return AwsJsonResponse.Empty;
    }

    private AwsJsonResponse ListTags(ListTagsOfResourceRequest request, RequestContext context)
    {
        var constraints = new Constraints();
        constraints.NotNull(request.ResourceArn, "resourceArn");
        constraints.ThrowIfAny();
        var tags = tables.Tags(request.ResourceArn!, context);
        return Json(new ListTagsOfResourceResponse
        {
            Tags = tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new TagWire { Key = t.Key, Value = t.Value }).ToList(),
        }, DynamoDbJsonContext.Default.ListTagsOfResourceResponse);
    }
}
