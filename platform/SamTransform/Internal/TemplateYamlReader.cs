using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SamTransform.Internal;

/// <summary>
/// Reads a CloudFormation YAML template into JSON the way SAM does (PyYAML's safe loader, YAML 1.1 scalars,
/// CloudFormation's short intrinsic tags turned into their long forms).
/// </summary>
internal static partial class TemplateYamlReader
{
    private const string YamlTagPrefix = "tag:yaml.org,2002:";

    public static JsonNode? Read(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        JsonNode? root = null;
        if (!parser.Accept<DocumentEnd>(out _))
        {
            root = ReadNode(parser, anchors);
        }

        parser.Consume<DocumentEnd>();
        if (!parser.Accept<StreamEnd>(out _))
        {
            throw new YamlException("expected a single document in the stream");
        }

        return root;
    }

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"found undefined alias '{alias.Value.Value}'");
            }

            return target?.DeepClone();
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var value = ReadScalar(scalar);
            Remember(anchors, scalar.Anchor, value);
            return value;
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(parser, anchors));
            }

            var result = WrapTag(sequenceStart.Tag, array);
            Remember(anchors, sequenceStart.Anchor, result);
            return result;
        }

        var mappingStart = parser.Consume<MappingStart>();
        var mapping = new JsonObject();
        var merged = new List<JsonObject>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var isMergeKey = parser.Accept<Scalar>(out var keyScalar) && keyScalar.Value == "<<" && keyScalar.Style == ScalarStyle.Plain && keyScalar.Tag.IsEmpty;
            var key = ReadNode(parser, anchors);
            var value = ReadNode(parser, anchors);
            if (isMergeKey)
            {
                switch (value)
                {
                    case JsonObject one:
                        merged.Add(one);
                        break;
                    case JsonArray many:
                        merged.AddRange(many.OfType<JsonObject>());
                        break;
                    default:
                        throw new YamlException(mappingStart.Start, mappingStart.End, "expected a mapping or list of mappings for merging");
                }

                continue;
            }

            mapping[KeyText(key)] = value;
        }

        if (merged.Count > 0)
        {
            var withMerges = new JsonObject();
            foreach (var source in merged)
            {
                foreach (var (k, v) in source)
                {
                    if (!withMerges.ContainsKey(k))
                    {
                        withMerges[k] = v?.DeepClone();
                    }
                }
            }

            foreach (var (k, v) in mapping.ToList())
            {
                mapping.Remove(k);
                withMerges[k] = v;
            }

            mapping = withMerges;
        }

        var node = WrapTag(mappingStart.Tag, mapping);
        Remember(anchors, mappingStart.Anchor, node);
        return node;
    }

    private static void Remember(Dictionary<string, JsonNode?> anchors, AnchorName anchor, JsonNode? value)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = value?.DeepClone();
        }
    }

    private static string KeyText(JsonNode? key) => key switch
    {
        null => "null",
        JsonValue v when Json.IsStr(v) => v.GetValue<string>(),
        JsonValue v when Json.IsBool(v) => v.GetValue<bool>() ? "true" : "false",
        JsonValue v => Json.PyNumber(v),
        _ => key.ToJsonString(),
    };

    private static JsonNode? WrapTag(TagName tag, JsonNode? value)
    {
        if (tag.IsEmpty || tag.IsNonSpecific || tag.Value.StartsWith(YamlTagPrefix, StringComparison.Ordinal))
        {
            return value;
        }

        return Intrinsic(tag.Value, value);
    }

    private static JsonObject Intrinsic(string tag, JsonNode? value)
    {
        var name = tag.StartsWith('!') ? tag[1..] : tag;
        var longName = name is "Ref" or "Condition" ? name : "Fn::" + name;
        return Json.Obj((longName, value));
    }

    private static JsonNode? ReadScalar(Scalar scalar)
    {
        var tag = scalar.Tag;
        if (!tag.IsEmpty && !tag.IsNonSpecific && !tag.Value.StartsWith(YamlTagPrefix, StringComparison.Ordinal))
        {
            var name = tag.Value.StartsWith('!') ? tag.Value[1..] : tag.Value;
            if (name == "GetAtt")
            {
                var parts = scalar.Value.Split('.', 2);
                return Intrinsic(tag.Value, new JsonArray([.. parts.Select(p => (JsonNode)JsonValue.Create(p))]));
            }

            return Intrinsic(tag.Value, JsonValue.Create(scalar.Value));
        }

        if (!tag.IsEmpty && tag.Value.StartsWith(YamlTagPrefix, StringComparison.Ordinal))
        {
            return tag.Value[YamlTagPrefix.Length..] switch
            {
                "str" or "binary" or "timestamp" => JsonValue.Create(scalar.Value),
                "null" => null,
                "bool" => ResolvePlain(scalar.Value) is JsonValue b && Json.IsBool(b) ? b : throw new YamlException(scalar.Start, scalar.End, $"invalid boolean '{scalar.Value}'"),
                "int" or "float" => ResolvePlain(scalar.Value) is JsonValue n && Json.IsNumber(n) ? n : throw new YamlException(scalar.Start, scalar.End, $"invalid number '{scalar.Value}'"),
                _ => JsonValue.Create(scalar.Value),
            };
        }

        if (scalar.Style != ScalarStyle.Plain || tag.IsNonSpecific)
        {
            return JsonValue.Create(scalar.Value);
        }

        return ResolvePlain(scalar.Value);
    }

    /// <summary>YAML 1.1 implicit types as PyYAML resolves them.</summary>
    private static JsonNode? ResolvePlain(string text)
    {
        if (text.Length == 0 || text is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (BoolPattern().IsMatch(text))
        {
            return JsonValue.Create(text[0] is 'y' or 'Y' or 't' or 'T' || text is "on" or "On" or "ON");
        }

        if (FloatPattern().IsMatch(text))
        {
            return ParseFloat(text);
        }

        if (IntPattern().IsMatch(text))
        {
            return ParseInt(text);
        }

        return JsonValue.Create(text);
    }

    private static JsonValue ParseFloat(string text)
    {
        var value = text.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        var sign = 1.0;
        if (value.StartsWith('-'))
        {
            sign = -1;
            value = value[1..];
        }
        else if (value.StartsWith('+'))
        {
            value = value[1..];
        }

        if (value is ".inf" or ".nan")
        {
            // Not representable in JSON; CloudFormation would see the text.
            return JsonValue.Create(text);
        }

        double result;
        if (value.Contains(':', StringComparison.Ordinal))
        {
            result = 0;
            foreach (var part in value.Split(':'))
            {
                result = (result * 60) + double.Parse(part, CultureInfo.InvariantCulture);
            }
        }
        else
        {
            result = double.Parse(value.StartsWith('.') ? "0" + value : value, CultureInfo.InvariantCulture);
        }

        return JsonValue.Create(sign * result);
    }

    private static JsonNode ParseInt(string text)
    {
        var value = text.Replace("_", "", StringComparison.Ordinal);
        var negative = false;
        if (value.StartsWith('-'))
        {
            negative = true;
            value = value[1..];
        }
        else if (value.StartsWith('+'))
        {
            value = value[1..];
        }

        BigInteger result;
        if (value == "0")
        {
            result = BigInteger.Zero;
        }
        else if (value.StartsWith("0b", StringComparison.Ordinal))
        {
            result = value[2..].Aggregate(BigInteger.Zero, (acc, c) => (acc * 2) + (c - '0'));
        }
        else if (value.StartsWith("0x", StringComparison.Ordinal))
        {
            result = BigInteger.Parse("0" + value[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        else if (value.StartsWith('0'))
        {
            result = value[1..].Aggregate(BigInteger.Zero, (acc, c) => (acc * 8) + (c - '0'));
        }
        else if (value.Contains(':', StringComparison.Ordinal))
        {
            result = value.Split(':').Aggregate(BigInteger.Zero, (acc, part) => (acc * 60) + BigInteger.Parse(part, CultureInfo.InvariantCulture));
        }
        else
        {
            result = BigInteger.Parse(value, CultureInfo.InvariantCulture);
        }

        if (negative)
        {
            result = -result;
        }

        return result >= long.MinValue && result <= long.MaxValue
            ? JsonValue.Create((long)result)
            : JsonNode.Parse(result.ToString(CultureInfo.InvariantCulture))!;
    }

    [GeneratedRegex("^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant)]
    private static partial Regex BoolPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();
}
