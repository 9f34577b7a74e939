using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>JSON helpers with the type rules of the Python translator (a dict, a list, a str, a bool that is also an int).</summary>
internal static class Json
{
    public static bool IsDict(JsonNode? node) => node is JsonObject;

    public static bool IsList(JsonNode? node) => node is JsonArray;

    public static bool IsStr(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static bool IsBool(JsonNode? node) => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    public static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    /// <summary>Python's <c>isinstance(value, int)</c>: integral numbers and booleans.</summary>
    public static bool IsInt(JsonNode? node) => IsBool(node) || (IsNumber(node) && IsIntegral((JsonValue)node!));

    public static bool IsIntegral(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            var raw = element.GetRawText();
            return raw.IndexOfAny(['.', 'e', 'E']) < 0;
        }

        return value.TryGetValue<long>(out _) || value.TryGetValue<int>(out _) || value.TryGetValue<ulong>(out _)
            || value.TryGetValue<System.Numerics.BigInteger>(out _);
    }

    public static string? Str(JsonNode? node) => IsStr(node) ? node!.GetValue<string>() : null;

    public static bool? Bool(JsonNode? node) => IsBool(node) ? node!.GetValue<bool>() : null;

    public static bool IsTrue(JsonNode? node) => Bool(node) == true;

    /// <summary>Python truthiness.</summary>
    public static bool Truthy(JsonNode? node) => node switch
    {
        null => false,
        JsonObject o => o.Count > 0,
        JsonArray a => a.Count > 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => ToDouble(v) != 0,
            _ => false,
        },
        _ => false,
    };

    /// <summary>Python's <c>len()</c> of a list, dict or string (-1 for anything else).</summary>
    public static int PyLen(JsonNode? node) => node switch
    {
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length,
        _ => -1,
    };

    public static double ToDouble(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.GetDouble();
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }

        return value.TryGetValue<decimal>(out var m) ? (double)m : double.NaN;
    }

    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    public static JsonValue S(string value) => JsonValue.Create(value);

    public static JsonArray Array(params JsonNode?[] items) => new(items);

    public static JsonObject Obj(params (string Key, JsonNode? Value)[] members)
    {
        var o = new JsonObject();
        foreach (var (key, value) in members)
        {
            o[key] = value;
        }

        return o;
    }

    /// <summary>Python <c>==</c> on JSON values: numbers by value, member order ignored, list order kept.</summary>
    public static bool PyEquals(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a)
        {
            case JsonObject oa when b is JsonObject ob:
                if (oa.Count != ob.Count)
                {
                    return false;
                }

                foreach (var (key, value) in oa)
                {
                    if (!ob.TryGetPropertyValue(key, out var other) || !PyEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray la when b is JsonArray lb:
                if (la.Count != lb.Count)
                {
                    return false;
                }

                for (var i = 0; i < la.Count; i++)
                {
                    if (!PyEquals(la[i], lb[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValue va when b is JsonValue vb:
                var ka = va.GetValueKind();
                var kb = vb.GetValueKind();
                if (ka == JsonValueKind.String || kb == JsonValueKind.String)
                {
                    return ka == kb && va.GetValue<string>() == vb.GetValue<string>();
                }

                return NumericValue(va, ka) == NumericValue(vb, kb);
            default:
                return false;
        }
    }

    private static double NumericValue(JsonValue value, JsonValueKind kind) => kind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.Number => ToDouble(value),
        _ => double.NaN,
    };

    public static bool ListContains(JsonArray list, JsonNode? item) => list.Any(x => PyEquals(x, item));

    /// <summary>Python's <c>json.dumps(value, separators=(",", ":"), sort_keys=True)</c> (ASCII output).</summary>
    public static string DumpsSorted(JsonNode? node)
    {
        var sb = new StringBuilder();
        Dump(node, sb);
        return sb.ToString();
    }

    private static void Dump(JsonNode? node, StringBuilder sb)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    DumpString(key, sb);
                    sb.Append(':');
                    Dump(value, sb);
                }

                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Dump(a[i], sb);
                }

                sb.Append(']');
                break;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String:
                        DumpString(v.GetValue<string>(), sb);
                        break;
                    case JsonValueKind.True:
                        sb.Append("true");
                        break;
                    case JsonValueKind.False:
                        sb.Append("false");
                        break;
                    case JsonValueKind.Number:
                        sb.Append(PyNumber(v));
                        break;
                    default:
                        sb.Append("null");
                        break;
                }

                break;
        }
    }

    /// <summary>The text Python prints for a number: ints as written, floats as <c>repr(float)</c>.</summary>
    public static string PyNumber(JsonValue v)
    {
        if (IsIntegral(v))
        {
            if (v.TryGetValue<JsonElement>(out var e))
            {
                return e.GetRawText();
            }

            return v.ToJsonString();
        }

        var d = ToDouble(v);
        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        if (double.IsNaN(d))
        {
            return "NaN";
        }

        var r = d.ToString("R", CultureInfo.InvariantCulture);
        if (r.Contains('E', StringComparison.Ordinal))
        {
            var parts = r.Split('E');
            var mantissa = parts[0];
            var exponent = int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (exponent is >= -4 and < 16)
            {
                r = d.ToString("0.0###############", CultureInfo.InvariantCulture);
            }
            else
            {
                r = mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            }
        }
        else if (!r.Contains('.', StringComparison.Ordinal))
        {
            r += ".0";
        }

        return r;
    }

    private static void DumpString(string s, StringBuilder sb)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Python's <c>str()</c> of a list of strings: <c>['a', 'b']</c>.</summary>
    public static string PyListRepr(IEnumerable<string> items) =>
        "[" + string.Join(", ", items.Select(i => "'" + i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'")) + "]";

    /// <summary>Python's <c>str()</c> of a JSON value, as used in some of SAM's messages.</summary>
    public static string PyStr(JsonNode? node) => node switch
    {
        null => "None",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "True",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "False",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => PyNumber(v),
        _ => PyRepr(node),
    };

    public static string PyRepr(JsonNode? node) => node switch
    {
        null => "None",
        JsonObject o => "{" + string.Join(", ", o.Select(p => "'" + p.Key + "': " + PyRepr(p.Value))) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(PyRepr)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "'" + v.GetValue<string>() + "'",
        _ => PyStr(node),
    };

    /// <summary>Python type name, for messages that print <c>type(x).__name__</c>.</summary>
    public static string PyTypeName(JsonNode? node) => node switch
    {
        null => "NoneType",
        JsonObject => "dict",
        JsonArray => "list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "str",
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Number => IsIntegral(v) ? "int" : "float",
            _ => "NoneType",
        },
        _ => "object",
    };
}
