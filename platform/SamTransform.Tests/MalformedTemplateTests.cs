using System.Text.Json.Nodes;

namespace SamTransform.Tests;

/// <summary>Any template, however malformed, either transforms or fails with SAM's error: never another exception.</summary>
public sealed class MalformedTemplateTests
{
    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create(1), JsonValue.Create("x"), new JsonArray(), new JsonObject(), JsonValue.Create(true),
        JsonNode.Parse("""{"Ref": "X"}"""), JsonNode.Parse("""{"Fn::If": ["C", 1]}"""), JsonNode.Parse("[1, 2]"), JsonNode.Parse("""{"a": 1, "b": 2}"""),
    ];

    public static TheoryData<string> Pairs => [.. TranslatorPairs.Names];

    [Theory]
    [MemberData(nameof(Pairs))]
    public void MutatedTemplate_TransformsOrFailsWithSamError(string name)
    {
        var original = TemplateReader.Parse(TranslatorPairs.Input(name));
        var random = new Random(name.Length * 7919);
        for (var i = 0; i < 50; i++)
        {
            var template = (JsonObject)original.DeepClone();
            var slots = new List<(JsonNode Parent, object Key)>();
            foreach (var (key, _) in template.ToList())
            {
                slots.Add((template, key));
            }

            Collect(template["Resources"], slots, 0);
            Collect(template["Globals"], slots, 0);
            var (parent, slot) = slots[random.Next(slots.Count)];
            var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
            if (parent is JsonObject o)
            {
                o[(string)slot] = replacement;
            }
            else
            {
                ((JsonArray)parent)[(int)slot] = replacement;
            }

            try
            {
                SamTranslator.Transform(template, TranslatorPairs.Options);
            }
            catch (InvalidSamDocumentException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{name}, mutation {i} ({replacement?.ToJsonString() ?? "null"}): {e.GetType().Name}: {e.Message}\n{template.ToJsonString()}");
            }
        }
    }

    private static void Collect(JsonNode? node, List<(JsonNode Parent, object Key)> slots, int depth)
    {
        if (depth > 8)
        {
            return;
        }

        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    slots.Add((o, key));
                    Collect(value, slots, depth + 1);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i));
                    Collect(a[i], slots, depth + 1);
                }

                break;
        }
    }
}
