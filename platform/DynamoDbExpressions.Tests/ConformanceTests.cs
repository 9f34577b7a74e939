using System.Text.Json;

namespace DynamoDbExpressions.Tests;

public sealed class ConformanceTests
{
    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in ExpressionCorpus.All.Keys)
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Case_MatchesLabel(string id)
    {
        var c = ExpressionCorpus.All[id];
        var request = new ExpressionRequest
        {
            Operation = c.Kind switch
            {
                "UpdateExpression" => ExpressionOperation.UpdateItem,
                "KeyConditionExpression" => ExpressionOperation.Query,
                "FilterExpression" => ExpressionOperation.Scan,
                "ProjectionExpression" => ExpressionOperation.GetItem,
                _ => ExpressionOperation.PutItem,
            },
            ConditionExpression = c.Kind == "ConditionExpression" ? c.Expression : null,
            FilterExpression = c.Kind == "FilterExpression" ? c.Expression : null,
            KeyConditionExpression = c.Kind == "KeyConditionExpression" ? c.Expression : null,
            ProjectionExpression = c.Kind == "ProjectionExpression" ? c.Expression : null,
            UpdateExpression = c.Kind == "UpdateExpression" ? c.Expression : null,
            ExpressionAttributeNames = c.Names,
            ExpressionAttributeValues = c.Values,
        };

        if (c.Error is not null && c.KeySchema is null)
        {
            var error = Assert.Throws<DynamoDbValidationException>(() => CompiledExpressions.Compile(request));
            Assert.Equal(c.Error, error.Message);
            return;
        }

        switch (c.Kind)
        {
            case "ConditionExpression":
            case "FilterExpression":
                {
                    var compiled = CompiledExpressions.Compile(request);
                    var condition = compiled.Condition ?? compiled.Filter!;
                    Assert.Equal(c.Result!.Value.GetBoolean(), condition.Evaluate(c.Item));
                    break;
                }

            case "KeyConditionExpression":
                {
                    var compiled = CompiledExpressions.Compile(request);
                    var schema = c.KeySchema ?? throw new InvalidDataException($"{id}: keySchema is required");
                    if (c.Error is not null)
                    {
                        var error = Assert.Throws<DynamoDbValidationException>(() => compiled.KeyCondition!.ForKeySchema(schema[0], schema.Length > 1 ? schema[1] : null));
                        Assert.Equal(c.Error, error.Message);
                        return;
                    }

                    var query = compiled.KeyCondition!.ForKeySchema(schema[0], schema.Length > 1 ? schema[1] : null);
                    Assert.Equal(c.Result!.Value.GetBoolean(), query.Matches(c.Item!));
                    break;
                }

            case "ProjectionExpression":
                {
                    var projected = CompiledExpressions.Compile(request).Projection!.Apply(c.Item!);
                    AssertItem(c.Result!.Value, projected);
                    break;
                }

            case "UpdateExpression":
                {
                    var update = CompiledExpressions.Compile(request).Update!;
                    if (c.ApplyError is not null)
                    {
                        var error = Assert.Throws<DynamoDbValidationException>(() => update.Apply(c.Item));
                        Assert.Equal(c.ApplyError, error.Message);
                        return;
                    }

                    AssertItem(c.Result!.Value, update.Apply(c.Item));
                    break;
                }

            default:
                throw new InvalidDataException($"{id}: unknown kind {c.Kind}");
        }
    }

    private static void AssertItem(JsonElement expected, Dictionary<string, AttributeValue> actual)
    {
        var expectedItem = AttributeValueJson.ParseItem(expected.GetRawText());
        var same = expectedItem.Count == actual.Count && expectedItem.All(e => actual.TryGetValue(e.Key, out var v) && v.Equals(e.Value));
        Assert.True(same, $"expected {AttributeValueJson.SerializeItem(expectedItem)} but got {AttributeValueJson.SerializeItem(actual)}");
    }
}
