using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SamTransform.Internal;

/// <summary>Custom domains of HTTP and WebSocket APIs: the domain name, API mappings and Route 53 record sets (SAM's ApiV2Generator).</summary>
internal sealed partial class ApiDomain(string logicalId, string defaultTagName, Dictionary<string, CfnResource> recordSetGroups)
{
    public List<CfnResource> Construct(JsonNode domainNode, CfnResource api, JsonObject passThrough)
    {
        var config = domainNode as JsonObject ?? throw new InvalidResourceError(logicalId, "Property 'Domain' should be a map.");
        var domainName = config["DomainName"];
        var certificateArn = config["CertificateArn"];
        if (domainName is null || certificateArn is null)
        {
            throw new InvalidResourceError(logicalId, "Custom Domains only works if both DomainName and CertificateArn are provided.");
        }

        var domainId = "ApiGatewayDomainNameV2" + LogicalIdGenerator.Hash(domainName);
        var domain = new CfnResource(domainId, "AWS::ApiGatewayV2::DomainName").WithAttributes(passThrough);
        domain["DomainName"] = domainName;
        domain["Tags"] = Json.Obj((defaultTagName, "SAM"));
        var endpoint = config["EndpointConfiguration"];
        if (endpoint is null)
        {
            endpoint = "REGIONAL";
            config["EndpointConfiguration"] = "REGIONAL";
        }
        else if (Json.Str(endpoint) != "REGIONAL")
        {
            throw new InvalidResourceError(logicalId, "EndpointConfiguration for Custom Domains must be one of ['REGIONAL'].");
        }

        var domainNameConfig = Json.Obj(("CertificateArn", certificateArn.DeepClone()), ("EndpointType", endpoint.DeepClone()));
        if (Json.Truthy(config["OwnershipVerificationCertificateArn"]))
        {
            domainNameConfig["OwnershipVerificationCertificateArn"] = config["OwnershipVerificationCertificateArn"]!.DeepClone();
        }

        if (Json.Truthy(config["SecurityPolicy"]))
        {
            domainNameConfig["SecurityPolicy"] = config["SecurityPolicy"]!.DeepClone();
        }

        domain["DomainNameConfigurations"] = Json.Array(domainNameConfig);
        var mutualTls = config["MutualTlsAuthentication"];
        if (Json.Truthy(mutualTls))
        {
            string[] fields = ["TruststoreUri", "TruststoreVersion"];
            if (mutualTls is not JsonObject tls)
            {
                throw new InvalidResourceError(logicalId,
                    $"MutualTlsAuthentication must be a map with at least one of the following fields {Json.PyListRepr(fields)}.");
            }

            var invalid = tls.Select(p => p.Key).Where(k => !fields.Contains(k)).Order(StringComparer.Ordinal).ToList();
            if (invalid.Count > 0)
            {
                throw new InvalidResourceError(string.Join(',', invalid), $"Available MutualTlsAuthentication fields are {Json.PyListRepr(fields)}.");
            }

            var value = new JsonObject();
            foreach (var field in fields)
            {
                if (Json.Truthy(tls[field]))
                {
                    value[field] = tls[field]!.DeepClone();
                }
            }

            domain["MutualTlsAuthentication"] = value;
        }

        var resources = new List<CfnResource> { domain };
        var basePath = config["BasePath"];
        var basePaths = Json.Truthy(basePath) && Json.IsStr(basePath) ? new JsonArray(basePath!.DeepClone())
            : Json.Truthy(basePath) && basePath is JsonArray list ? list : null;
        if (basePaths is null)
        {
            resources.Add(ApiMapping(logicalId + "ApiMapping", domainId, api, passThrough, null));
        }
        else
        {
            foreach (var path in basePaths)
            {
                var text = Json.Str(path) ?? throw new InvalidResourceError(logicalId, "Basepath must be a string.");
                if (InvalidBasePath().IsMatch(text))
                {
                    throw new InvalidResourceError(logicalId, "Invalid Basepath name provided.");
                }

                resources.Add(ApiMapping(logicalId + BasePathSeparators().Replace(text, "") + "ApiMapping", domainId, api, passThrough, text.Trim('/')));
            }
        }

        if (config["Route53"] is { } route53Node)
        {
            resources.Add(RecordSetGroup(config, Expect.Map(route53Node, logicalId, "Domain.Route53"), domainId, passThrough));
        }

        return resources;
    }

    private static CfnResource ApiMapping(string id, string domainId, CfnResource api, JsonObject passThrough, string? key)
    {
        var mapping = new CfnResource(id, "AWS::ApiGatewayV2::ApiMapping").WithAttributes(passThrough);
        mapping["DomainName"] = Intrinsics.Ref(domainId);
        mapping["ApiId"] = Intrinsics.Ref(api.LogicalId);
        mapping["Stage"] = Intrinsics.Ref(api.LogicalId + ".Stage");
        if (key is not null)
        {
            mapping["ApiMappingKey"] = key;
        }

        return mapping;
    }

    private CfnResource RecordSetGroup(JsonObject config, JsonObject route53, string domainId, JsonObject passThrough)
    {
        if (route53["HostedZoneId"] is null && route53["HostedZoneName"] is null)
        {
            throw new InvalidResourceError(logicalId, "HostedZoneId or HostedZoneName is required to enable Route53 support on Custom Domains.");
        }

        var zone = Json.Truthy(route53["HostedZoneId"]) ? route53["HostedZoneId"] : route53["HostedZoneName"];
        var id = "RecordSetGroup" + LogicalIdGenerator.Hash(zone);
        if (!recordSetGroups.TryGetValue(id, out var group))
        {
            group = new CfnResource(id, "AWS::Route53::RecordSetGroup").WithAttributes(passThrough);
            if (route53.ContainsKey("HostedZoneId"))
            {
                group["HostedZoneId"] = route53["HostedZoneId"];
            }
            else if (route53.ContainsKey("HostedZoneName"))
            {
                group["HostedZoneName"] = route53["HostedZoneName"];
            }

            group["RecordSets"] = new JsonArray();
            recordSetGroups[id] = group;
        }

        var recordSets = (JsonArray)group["RecordSets"]!;
        recordSets.Add((JsonNode)RecordSet(config, route53, domainId, "A"));
        if (Json.IsTrue(route53["IpV6"]))
        {
            recordSets.Add((JsonNode)RecordSet(config, route53, domainId, "AAAA"));
        }

        return group;
    }

    private JsonObject RecordSet(JsonObject config, JsonObject route53, string domainId, string type)
    {
        var alias = new JsonObject();
        if (route53["EvaluateTargetHealth"] is { } health)
        {
            alias["EvaluateTargetHealth"] = health.DeepClone();
        }

        if (Json.Str(config["EndpointConfiguration"]) != "REGIONAL")
        {
            throw new InvalidResourceError(logicalId, "Only REGIONAL endpoint is supported on HTTP APIs.");
        }

        alias["HostedZoneId"] = Intrinsics.GetAtt(domainId, "RegionalHostedZoneId");
        alias["DNSName"] = Intrinsics.GetAtt(domainId, "RegionalDomainName");
        var recordSet = Json.Obj(("Name", config["DomainName"]?.DeepClone()), ("Type", type), ("AliasTarget", alias));
        if (route53["Region"] is { } region)
        {
            recordSet["Region"] = region.DeepClone();
        }

        if (route53["SetIdentifier"] is { } setIdentifier)
        {
            recordSet["SetIdentifier"] = setIdentifier.DeepClone();
        }

        return recordSet;
    }

    [GeneratedRegex(@"[^0-9a-zA-Z/\-_]+", RegexOptions.CultureInvariant)]
    private static partial Regex InvalidBasePath();

    [GeneratedRegex(@"[\-_/]+", RegexOptions.CultureInvariant)]
    private static partial Regex BasePathSeparators();
}
