using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SamTransform;

namespace LocalCloud.CloudFormation.Engine;

/// <summary>A template ready to deploy: the submitted text, the processed JSON and its parsed sections.</summary>
internal sealed record PreparedTemplate(string Body, JsonObject Raw, JsonObject Processed, Template Template, IReadOnlyList<string> Transforms);

/// <summary>The SAM transform failed: the change set fails with this reason, CreateStack with a <c>ValidationError</c>.</summary>
internal sealed class TransformFailedException(string message) : Exception(message);

/// <summary>
/// Reads a template (YAML or JSON), runs its transform and checks it the way CloudFormation does before a stack
/// operation starts: structure, parameters, references, cycles, resource types and capabilities.
/// </summary>
internal static partial class TemplatePreparer
{
    public const string SamTransformName = "AWS::Serverless-2016-10-31";
    public const string LanguageExtensions = "AWS::LanguageExtensions";
    public const int MaxBodyLength = 51_200;

    private static readonly HashSet<string> IamTypes = new(StringComparer.Ordinal)
    {
        "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::User", "AWS::IAM::Group",
        "AWS::IAM::AccessKey", "AWS::IAM::InstanceProfile", "AWS::IAM::UserToGroupAddition", "AWS::IAM::RolePolicy",
        "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy", "AWS::IAM::ServiceLinkedRole",
    };

    private static readonly Dictionary<string, string> IamNameProperties = new(StringComparer.Ordinal)
    {
        ["AWS::IAM::Role"] = "RoleName",
        ["AWS::IAM::ManagedPolicy"] = "ManagedPolicyName",
        ["AWS::IAM::User"] = "UserName",
        ["AWS::IAM::Group"] = "GroupName",
        ["AWS::IAM::InstanceProfile"] = "InstanceProfileName",
    };

    /// <summary>Parses the text; a syntax error is CloudFormation's "not well-formed".</summary>
    public static JsonObject Parse(string body)
    {
        try
        {
            return TemplateReader.Parse(body);
        }
        catch (TemplateParseException e)
        {
            var where = Position().Match(e.Message);
            var kind = body.TrimStart().StartsWith('{') ? "JSON" : "YAML";
            throw new TemplateException($"Template format error: {kind} not well-formed. {(where.Success ? where.Value : string.Empty)}".TrimEnd());
        }
    }

    /// <summary>Parses, transforms and checks the sections of the template (not its parameter values).</summary>
    public static PreparedTemplate Prepare(string body, string region, IReadOnlyDictionary<string, string> parameterValues)
    {
        var raw = Parse(body);
        var transforms = Template.DeclaredTransforms(raw);
        foreach (var transform in transforms)
        {
            if (transform is not (SamTransformName or LanguageExtensions))
            {
                throw new TemplateException($"Template format error: Unsupported transform {transform}");
            }
        }

        var processed = raw;
        if (transforms.Contains(SamTransformName))
        {
            try
            {
                processed = SamTranslator.Transform(raw, new SamTransformOptions { Region = region, ParameterValues = parameterValues });
            }
            catch (InvalidSamDocumentException e)
            {
                throw new TransformFailedException($"Transform {SamTransformName} failed with: {e.Message}");
            }
        }

        if (transforms.Count > 0 && processed.ContainsKey("Transform"))
        {
            processed = (JsonObject)processed.DeepClone();
            processed.Remove("Transform");
        }

        return new PreparedTemplate(body, raw, processed, Template.Parse(processed), transforms);
    }

    /// <summary>Checks references, cycles and resource types with the given parameter values.</summary>
    public static DependencyGraph Validate(Template template, IReadOnlyDictionary<string, string> parameters, PseudoParameters pseudo, IResourceValues? values = null)
    {
        var unrecognized = template.Resources.Select(r => r.Type).Where(t => !ResourceTypes.IsRecognized(t)).Distinct().ToList();
        if (unrecognized.Count > 0)
        {
            throw new TemplateException($"Template format error: Unrecognized resource types: [{string.Join(", ", unrecognized)}]");
        }

        var evaluator = new Evaluator(template, parameters, pseudo, values ?? new NoValues());
        return DependencyGraph.Build(evaluator);
    }

    /// <summary>The capability the template needs and the caller did not grant, if any.</summary>
    public static string? MissingCapability(PreparedTemplate prepared, IReadOnlyCollection<string> granted, bool transformsNeedExpand)
    {
        if (transformsNeedExpand && prepared.Transforms.Contains(SamTransformName) && !granted.Contains("CAPABILITY_AUTO_EXPAND"))
        {
            return "CAPABILITY_AUTO_EXPAND";
        }

        var (iam, named) = IamCapabilities(prepared.Template);
        if (named && !granted.Contains("CAPABILITY_NAMED_IAM"))
        {
            return "CAPABILITY_NAMED_IAM";
        }

        return iam && !granted.Contains("CAPABILITY_IAM") && !granted.Contains("CAPABILITY_NAMED_IAM") ? "CAPABILITY_IAM" : null;
    }

    /// <summary>Whether the template has IAM resources, and whether any of them is named.</summary>
    public static (bool Iam, bool Named) IamCapabilities(Template template)
    {
        var iam = false;
        var named = false;
        foreach (var resource in template.Resources)
        {
            if (!IamTypes.Contains(resource.Type))
            {
                continue;
            }

            iam = true;
            if (IamNameProperties.TryGetValue(resource.Type, out var property) && resource.Properties?[property] is not null)
            {
                named = true;
            }
        }

        return (iam, named);
    }

    public static List<string> IamResourceTypes(Template template) =>
        [.. template.Resources.Where(r => IamTypes.Contains(r.Type)).Select(r => r.LogicalId)];

    private sealed class NoValues : IResourceValues
    {
        public JsonNode? Ref(string logicalId) => null;

        public JsonNode? GetAtt(string logicalId, string attribute) => null;

        public string? ImportValue(string name) => null;
    }

    [GeneratedRegex(@"\(line \d+, column \d+\)")]
    private static partial Regex Position();
}
