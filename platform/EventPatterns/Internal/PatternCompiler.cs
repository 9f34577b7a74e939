using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace EventPatterns.Internal;

/// <summary>Parses and validates pattern JSON into a <see cref="CompiledPattern"/>.</summary>
internal static class PatternCompiler
{
    private const int MaxDepth = 64;
    private const int MaxBranches = 4096;
    private const int MaxFieldsPerBranch = 64;

    private static readonly HashSet<string> ReservedInsideOr = new(StringComparer.Ordinal)
    {
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
        "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after",
        "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range", "ip-address-not-in-range",
    };

    private static readonly byte[] TrueBytes = "true"u8.ToArray();
    private static readonly byte[] FalseBytes = "false"u8.ToArray();
    private static readonly byte[] NullBytes = "null"u8.ToArray();

    public static CompiledPattern Compile(string patternJson)
    {
        ArgumentNullException.ThrowIfNull(patternJson);
        return Compile(Encoding.UTF8.GetBytes(patternJson));
    }

    public static CompiledPattern Compile(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            throw new InvalidEventPatternException("Event pattern is not valid UTF-8.", "$");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw new InvalidEventPatternException($"Event pattern is not valid JSON: {e.Message}", "$");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidEventPatternException("Event pattern must be a JSON object.", "$");
            }

            try
            {
                var rules = new List<Dictionary<string, FieldSpec>>();
                ParseObject(root, [], rules, insideOr: false, "$");
                var branches = NumericPathAnalysis.Apply(rules.Select(r => r.Values.ToArray()).ToList());
                if (branches.Any(b => b.Length > MaxFieldsPerBranch))
                {
                    throw Error("$", $"a pattern (or one of its \"$or\" combinations) may name at most {MaxFieldsPerBranch} fields");
                }

                return new CompiledPattern(branches);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidEventPatternException($"Event pattern contains an invalid string: {e.Message}", "$");
            }
        }
    }

    private static InvalidEventPatternException Error(string jsonPath, string problem) =>
        new($"Event pattern is not valid at {jsonPath}: {problem}", jsonPath);

    private static string Child(string jsonPath, string key)
    {
        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-' || c == '$'))
            {
                return $"{jsonPath}['{key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";
            }
        }

        return key.Length == 0 ? $"{jsonPath}['']" : $"{jsonPath}.{key}";
    }

    private static void ParseObject(JsonElement element, List<string> path, List<Dictionary<string, FieldSpec>> rules, bool insideOr, string jsonPath)
    {
        var any = false;
        foreach (var property in element.EnumerateObject())
        {
            any = true;
            var name = property.Name;
            var propertyPath = Child(jsonPath, name);
            if (name == "$or" && property.Value.ValueKind == JsonValueKind.Array)
            {
                ParseOr(property.Value, path, rules, propertyPath);
                continue;
            }

            if (insideOr && ReservedInsideOr.Contains(name))
            {
                throw Error(propertyPath, $"\"{name}\" is a reserved keyword and cannot be used as a field name inside \"$or\"");
            }

            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    path.Add(name);
                    ParseObject(property.Value, path, rules, insideOr, propertyPath);
                    path.RemoveAt(path.Count - 1);
                    break;
                case JsonValueKind.Array:
                    var conditions = ParseValues(property.Value, propertyPath);
                    var segments = new List<string>(path.Count + 1);
                    segments.AddRange(path);
                    segments.Add(name);
                    var fullPath = string.Join('.', segments);
                    var spec = new FieldSpec(fullPath, fullPath.Split('.'), conditions);
                    if (rules.Count == 0)
                    {
                        rules.Add(new Dictionary<string, FieldSpec>(StringComparer.Ordinal));
                    }

                    foreach (var rule in rules)
                    {
                        rule[fullPath] = spec;
                    }

                    break;
                default:
                    throw Error(propertyPath, $"\"{name}\" must be an object or an array");
            }
        }

        if (!any)
        {
            throw Error(jsonPath, "empty objects are not allowed");
        }
    }

    private static void ParseOr(JsonElement array, List<string> path, List<Dictionary<string, FieldSpec>> rules, string jsonPath)
    {
        var current = rules.Select(r => new Dictionary<string, FieldSpec>(r, StringComparer.Ordinal)).ToList();
        rules.Clear();
        var count = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{jsonPath}[{count}]";
            count++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Error(itemPath, "only JSON objects are allowed in a \"$or\" array");
            }

            var branchRules = current.Select(r => new Dictionary<string, FieldSpec>(r, StringComparer.Ordinal)).ToList();
            if (branchRules.Count == 0)
            {
                branchRules.Add(new Dictionary<string, FieldSpec>(StringComparer.Ordinal));
            }

            ParseObject(item, path, branchRules, insideOr: true, itemPath);
            rules.AddRange(branchRules);
            if (rules.Count > MaxBranches)
            {
                throw Error(jsonPath, $"the pattern expands to more than {MaxBranches} \"$or\" combinations");
            }
        }

        if (count < 2)
        {
            throw Error(jsonPath, "\"$or\" must be an array of at least 2 objects");
        }
    }

    private static Condition[] ParseValues(JsonElement array, string jsonPath)
    {
        var conditions = new List<Condition>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = $"{jsonPath}[{index}]";
            index++;
            switch (item.ValueKind)
            {
                case JsonValueKind.String:
                    var text = item.GetString()!;
                    var bytes = Encoding.UTF8.GetBytes(text);
                    conditions.Add(IpRange.TryParseAddress(bytes, out var address, out var isV6)
                        ? new Condition(ConditionKind.IpAddress) { Bytes = bytes, Range = IpRange.SingleAddress(address, isV6) }
                        : new Condition(ConditionKind.ExactString) { Bytes = bytes });
                    break;
                case JsonValueKind.Number:
                    var raw = Encoding.UTF8.GetBytes(item.GetRawText());
                    var hasNumber = NumberText.TryGetExactDouble(raw, out var number);
                    conditions.Add(new Condition(ConditionKind.ExactNumber) { Bytes = raw, HasNumber = hasNumber, Number = number });
                    break;
                case JsonValueKind.True:
                    conditions.Add(new Condition(ConditionKind.Literal) { Bytes = TrueBytes });
                    break;
                case JsonValueKind.False:
                    conditions.Add(new Condition(ConditionKind.Literal) { Bytes = FalseBytes });
                    break;
                case JsonValueKind.Null:
                    conditions.Add(new Condition(ConditionKind.Literal) { Bytes = NullBytes });
                    break;
                case JsonValueKind.Object:
                    conditions.Add(ParseOperator(item, itemPath));
                    break;
                default:
                    throw Error(itemPath, "match value must be a string, number, true, false, null or an operator object");
            }
        }

        if (conditions.Count == 0)
        {
            throw Error(jsonPath, "empty arrays are not allowed");
        }

        return [.. conditions];
    }

    private static JsonProperty SingleProperty(JsonElement element, string jsonPath, string what)
    {
        JsonProperty? single = null;
        foreach (var property in element.EnumerateObject())
        {
            if (single is not null)
            {
                throw Error(jsonPath, $"only one key is allowed in {what}");
            }

            single = property;
        }

        return single ?? throw Error(jsonPath, $"{what} must not be empty");
    }

    private static string RequireString(JsonElement value, string jsonPath, string what) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error(jsonPath, $"{what} must be a string");

    private static Condition ParseOperator(JsonElement element, string jsonPath)
    {
        var property = SingleProperty(element, jsonPath, "a match expression");
        var name = property.Name;
        var value = property.Value;
        var path = Child(jsonPath, name);
        switch (name)
        {
            case "exactly":
                return new Condition(ConditionKind.ExactString) { Bytes = Encoding.UTF8.GetBytes(RequireString(value, path, "\"exactly\" match pattern")) };
            case "prefix":
            case "suffix":
                {
                    var isPrefix = name == "prefix";
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        var inner = SingleProperty(value, path, $"a \"{name}\" expression");
                        if (inner.Name != "equals-ignore-case")
                        {
                            throw Error(Child(path, inner.Name), $"unsupported \"{name}\" option \"{inner.Name}\"; only \"equals-ignore-case\" is allowed");
                        }

                        var text = RequireString(inner.Value, Child(path, inner.Name), $"\"{name}\" \"equals-ignore-case\" match pattern");
                        return new Condition(isPrefix ? ConditionKind.PrefixIgnoreCase : ConditionKind.SuffixIgnoreCase) { IgnoreCase = new IgnoreCasePattern(text) };
                    }

                    var bytes = Encoding.UTF8.GetBytes(RequireString(value, path, $"\"{name}\" match pattern"));
                    return new Condition(isPrefix ? ConditionKind.Prefix : ConditionKind.Suffix) { Bytes = bytes };
                }

            case "equals-ignore-case":
                return new Condition(ConditionKind.EqualsIgnoreCase) { IgnoreCase = new IgnoreCasePattern(RequireString(value, path, "\"equals-ignore-case\" match pattern")) };
            case "wildcard":
                return new Condition(ConditionKind.Wildcard) { Wildcard = ParseWildcard(RequireString(value, path, "\"wildcard\" match pattern"), path) };
            case "anything-but":
                return ParseAnythingBut(value, path);
            case "numeric":
                return ParseNumeric(value, path);
            case "exists":
                return value.ValueKind switch
                {
                    JsonValueKind.True => new Condition(ConditionKind.Exists),
                    JsonValueKind.False => new Condition(ConditionKind.NotExists),
                    _ => throw Error(path, "\"exists\" match pattern must be either true or false"),
                };
            case "cidr":
                {
                    var text = RequireString(value, path, "\"cidr\" match pattern");
                    if (!IpRange.TryParseCidr(text, out var range, out var error))
                    {
                        throw Error(path, $"invalid cidr \"{text}\": {error}");
                    }

                    return new Condition(ConditionKind.Cidr) { Range = range };
                }

            default:
                throw Error(path, $"unrecognized match type \"{name}\"");
        }
    }

    private static WildcardPattern ParseWildcard(string text, string jsonPath) =>
        WildcardPattern.TryParse(text, out var error) ?? throw Error(jsonPath, error!);

    private static double RequireNumber(JsonElement value, string jsonPath, string what)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw Error(jsonPath, $"{what} must be a number");
        }

        var raw = value.GetRawText();
        if (!NumberText.TryGetExactDouble(Encoding.UTF8.GetBytes(raw), out var number))
        {
            throw Error(jsonPath, $"{what} {raw} is out of range or cannot be represented exactly as a double");
        }

        return number;
    }

    private static List<string> StringOrStrings(JsonElement value, string jsonPath, string what, bool allowEmptyString)
    {
        var result = new List<string>();
        if (value.ValueKind == JsonValueKind.String)
        {
            result.Add(value.GetString()!);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                result.Add(RequireString(item, $"{jsonPath}[{i}]", what));
                i++;
            }

        }
        else
        {
            throw Error(jsonPath, $"{what} must be a string or an array of strings");
        }

        if (!allowEmptyString && result.Any(s => s.Length == 0))
        {
            throw Error(jsonPath, $"{what} must not be an empty string");
        }

        return result;
    }

    private static Condition ParseAnythingBut(JsonElement value, string jsonPath)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return new Condition(ConditionKind.AnythingButStrings) { ByteList = [Encoding.UTF8.GetBytes(value.GetString()!)] };
            case JsonValueKind.Number:
                return new Condition(ConditionKind.AnythingButNumbers) { NumberList = [RequireNumber(value, jsonPath, "\"anything-but\" value")] };
            case JsonValueKind.Array:
                {
                    var strings = new List<byte[]>();
                    var numbers = new List<double>();
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        var itemPath = $"{jsonPath}[{i}]";
                        i++;
                        if (item.ValueKind == JsonValueKind.String)
                        {
                            strings.Add(Encoding.UTF8.GetBytes(item.GetString()!));
                        }
                        else if (item.ValueKind == JsonValueKind.Number)
                        {
                            numbers.Add(RequireNumber(item, itemPath, "\"anything-but\" value"));
                        }
                        else
                        {
                            throw Error(itemPath, "\"anything-but\" list values must be strings or numbers");
                        }
                    }

                    if (strings.Count == 0 && numbers.Count == 0)
                    {
                        throw Error(jsonPath, "\"anything-but\" list must not be empty");
                    }

                    if (strings.Count > 0 && numbers.Count > 0)
                    {
                        throw Error(jsonPath, "\"anything-but\" list must hold only strings or only numbers, not both");
                    }

                    return strings.Count > 0
                        ? new Condition(ConditionKind.AnythingButStrings) { ByteList = [.. strings] }
                        : new Condition(ConditionKind.AnythingButNumbers) { NumberList = [.. numbers] };
                }

            case JsonValueKind.Object:
                {
                    var inner = SingleProperty(value, jsonPath, "an \"anything-but\" expression");
                    var innerPath = Child(jsonPath, inner.Name);
                    switch (inner.Name)
                    {
                        case "prefix":
                        case "suffix":
                            var affixes = StringOrStrings(inner.Value, innerPath, $"\"anything-but\" \"{inner.Name}\" value", allowEmptyString: false);
                            return new Condition(inner.Name == "prefix" ? ConditionKind.AnythingButPrefix : ConditionKind.AnythingButSuffix)
                            {
                                ByteList = [.. affixes.Select(Encoding.UTF8.GetBytes)],
                            };
                        case "equals-ignore-case":
                            var texts = StringOrStrings(inner.Value, innerPath, "\"anything-but\" \"equals-ignore-case\" value", allowEmptyString: true);
                            return new Condition(ConditionKind.AnythingButIgnoreCase) { IgnoreCaseList = [.. texts.Select(t => new IgnoreCasePattern(t))] };
                        case "wildcard":
                            var wildcards = StringOrStrings(inner.Value, innerPath, "\"anything-but\" \"wildcard\" value", allowEmptyString: true);
                            return new Condition(ConditionKind.AnythingButWildcard) { WildcardList = [.. wildcards.Select(w => ParseWildcard(w, innerPath))] };
                        default:
                            throw Error(innerPath, $"unsupported \"anything-but\" expression \"{inner.Name}\"");
                    }
                }

            default:
                throw Error(jsonPath, "\"anything-but\" value must be a string, a number, an array of strings or numbers, or an object");
        }
    }

    private static Condition ParseNumeric(JsonElement value, string jsonPath)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(jsonPath, "\"numeric\" value must be an array");
        }

        var items = value.EnumerateArray().ToArray();
        if (items.Length is not (2 or 4))
        {
            throw Error(jsonPath, "\"numeric\" must be [operator, number] or [\">\"/\">=\", number, \"<\"/\"<=\", number]");
        }

        if (items[0].ValueKind != JsonValueKind.String)
        {
            throw Error($"{jsonPath}[0]", "\"numeric\" operator must be a string");
        }

        var op = items[0].GetString();
        var first = RequireNumber(items[1], $"{jsonPath}[1]", "\"numeric\" value");
        switch (op)
        {
            case "=":
            case "<":
            case "<=":
                if (items.Length != 2)
                {
                    throw Error(jsonPath, $"too many elements in \"numeric\" expression after \"{op}\"");
                }

                return new Condition(ConditionKind.Numeric)
                {
                    Numeric = op switch
                    {
                        "=" => new NumericRange(first, true, first, true),
                        "<" => new NumericRange(double.NegativeInfinity, false, first, false),
                        _ => new NumericRange(double.NegativeInfinity, false, first, true),
                    },
                };
            case ">":
            case ">=":
                var lowInclusive = op == ">=";
                if (items.Length == 2)
                {
                    return new Condition(ConditionKind.Numeric) { Numeric = new NumericRange(first, lowInclusive, double.PositiveInfinity, false) };
                }

                var upperOp = items[2].ValueKind == JsonValueKind.String ? items[2].GetString() : null;
                if (upperOp is not ("<" or "<="))
                {
                    throw Error($"{jsonPath}[2]", "the upper bound operator of a \"numeric\" range must be \"<\" or \"<=\"");
                }

                var second = RequireNumber(items[3], $"{jsonPath}[3]", "\"numeric\" value");
                if (!(first < second))
                {
                    throw Error(jsonPath, "the lower bound of a \"numeric\" range must be less than its upper bound");
                }

                return new Condition(ConditionKind.Numeric) { Numeric = new NumericRange(first, lowInclusive, second, upperOp == "<=") };
            default:
                throw Error($"{jsonPath}[0]", $"unrecognized \"numeric\" operator \"{op}\"");
        }
    }
}
