using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>The role policies SAM attaches to generated roles.</summary>
internal static class RolePolicies
{
    private static JsonObject Single(string name, string action, JsonNode? resource) => Json.Obj(
        ("PolicyName", name),
        ("PolicyDocument", Json.Obj(("Statement", Json.Array(Json.Obj(("Action", action), ("Effect", "Allow"), ("Resource", resource?.DeepClone())))))));

    public static JsonObject SqsSendMessage(JsonNode? queueArn, string logicalId) => Single(logicalId + "SQSPolicy", "sqs:SendMessage", queueArn);

    public static JsonObject SnsPublish(JsonNode? topicArn, string logicalId) => Single(logicalId + "SNSPolicy", "sns:publish", topicArn);

    public static JsonObject PutEvents(JsonNode? busArn, string logicalId) => Single(logicalId + "EventBridgePolicy", "events:PutEvents", busArn);

    public static JsonObject StartExecution(JsonNode? stateMachineArn, string logicalId) => Single(logicalId + "StartExecutionPolicy", "states:StartExecution", stateMachineArn);

    public static JsonObject InvokeFunction(JsonNode? functionArn, string logicalId) => Single(logicalId + "LambdaPolicy", "lambda:InvokeFunction", functionArn);

    public static JsonObject S3SendEventPayload(JsonNode? bucketArn, string logicalId)
    {
        var objects = Json.Obj(("Fn::Join", Json.Array("/", Json.Array(bucketArn?.DeepClone(), "*"))));
        var put = Json.Obj(("Action", "s3:PutObject"), ("Effect", "Allow"), ("Resource", objects));
        var list = Json.Obj(("Action", "s3:ListBucket"), ("Effect", "Allow"), ("Resource", bucketArn?.DeepClone()));
        return Json.Obj(("PolicyName", logicalId + "S3Policy"), ("PolicyDocument", Json.Obj(("Statement", Json.Array(put, list)))));
    }
}

/// <summary>SAM's <c>construct_role_for_resource</c>: the <c>Policies</c> entries as managed ARNs and inline documents.</summary>
internal static class RoleBuilder
{
    public static void AddPolicies(Translator translator, CfnResource role, string resourceLogicalId, JsonNode? policies, JsonArray managed, JsonArray documents)
    {
        var entries = ResourcePolicies.Entries(policies);
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index]?.DeepClone();
            var policyName = role.LogicalId + "Policy" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (ResourcePolicies.KindOf(entry, detectTemplates: false))
            {
                case PolicyKind.PolicyStatement:
                    if (Intrinsics.IsIf(entry))
                    {
                        var items = (JsonArray)entry!["Fn::If"]!;
                        for (var i = 1; i <= 2; i++)
                        {
                            if (!Intrinsics.IsNoValue(items[i]))
                            {
                                items[i] = Json.Obj(("PolicyName", policyName), ("PolicyDocument", items[i]?.DeepClone()));
                            }
                        }

                        documents.Add(entry);
                    }
                    else
                    {
                        documents.Add((JsonNode)Json.Obj(("PolicyName", policyName), ("PolicyDocument", entry)));
                    }

                    break;
                case PolicyKind.ManagedPolicy:
                    var arn = entry;
                    if (Json.Str(entry) is { } name)
                    {
                        arn = JsonValue.Create(translator.ResolveManagedPolicy(name));
                    }
                    else if (Intrinsics.IsIf(entry))
                    {
                        var items = (JsonArray)entry!["Fn::If"]!;
                        for (var i = 1; i <= 2; i++)
                        {
                            if (!Intrinsics.IsNoValue(items[i]) && Json.Str(items[i]) is { } n)
                            {
                                items[i] = translator.ResolveManagedPolicy(n);
                            }
                        }
                    }

                    if (!Json.ListContains(managed, arn))
                    {
                        managed.Add(arn);
                    }

                    break;
                default:
                    throw new InvalidResourceError(resourceLogicalId, $"Policy at index {index} in the 'Policies' property is not valid");
            }
        }
    }
}

internal static class Tags
{
    /// <summary>SAM's <c>get_tag_list</c>: a tag map as a CloudFormation list of Key/Value, a null value as "".</summary>
    public static JsonArray List(JsonObject? tags)
    {
        var list = new JsonArray();
        if (tags is null)
        {
            return list;
        }

        foreach (var (key, value) in tags)
        {
            list.Add((JsonNode)Json.Obj(("Key", key), ("Value", value?.DeepClone() ?? JsonValue.Create(""))));
        }

        return list;
    }
}

/// <summary>SAM's <c>parse_s3_uri</c>: <c>s3://bucket/key?versionId=v</c>.</summary>
internal sealed record S3Uri(string Bucket, string Key, string? Version)
{
    public static S3Uri? Parse(string uri)
    {
        var schemeEnd = uri.IndexOf(':', StringComparison.Ordinal);
        if (schemeEnd <= 0 || !uri[..schemeEnd].Equals("s3", StringComparison.OrdinalIgnoreCase) || !uri[(schemeEnd + 1)..].StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = uri[(schemeEnd + 3)..];
        var fragment = rest.IndexOf('#', StringComparison.Ordinal);
        if (fragment >= 0)
        {
            rest = rest[..fragment];
        }

        var netlocEnd = rest.IndexOfAny(['/', '?']);
        var netloc = netlocEnd < 0 ? rest : rest[..netlocEnd];
        var afterNetloc = netlocEnd < 0 ? "" : rest[netlocEnd..];
        var queryStart = afterNetloc.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? afterNetloc : afterNetloc[..queryStart];
        var query = queryStart < 0 ? "" : afterNetloc[(queryStart + 1)..];
        if (netloc.Length == 0 || path.Length == 0 || !ValidBrackets(netloc))
        {
            return null;
        }

        var versions = new List<string>();
        foreach (var pair in query.Split(['&', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            var name = Unquote(pair[..eq]);
            var value = Unquote(pair[(eq + 1)..]);
            if (name == "versionId" && value.Length > 0)
            {
                versions.Add(value);
            }
        }

        return new S3Uri(netloc, path.TrimStart('/'), versions.Count == 1 ? versions[0] : null);
    }

    /// <summary>Python's urlsplit rejects unbalanced brackets and a bracketed host that is not an IPv6 address.</summary>
    private static bool ValidBrackets(string netloc)
    {
        var open = netloc.Contains('[', StringComparison.Ordinal);
        var close = netloc.Contains(']', StringComparison.Ordinal);
        if (!open && !close)
        {
            return true;
        }

        if (open != close)
        {
            return false;
        }

        var host = netloc[(netloc.IndexOf('[', StringComparison.Ordinal) + 1)..netloc.IndexOf(']', StringComparison.Ordinal)];
        return host.StartsWith('v') || (System.Net.IPAddress.TryParse(host, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6);
    }

    private static string Unquote(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
