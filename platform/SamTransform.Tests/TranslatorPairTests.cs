using System.Text.Json.Nodes;

namespace SamTransform.Tests;

/// <summary>Every translator pair: the output must equal SAM's, compared as SAM compares it; an <c>error_</c> pair must fail with SAM's errorMessage.</summary>
public sealed class TranslatorPairTests
{
    public static TheoryData<string> Pairs => [.. TranslatorPairs.Names];

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Pair_MatchesSamTranslator(string name)
    {
        var input = TranslatorPairs.Input(name);
        var expected = TranslatorPairs.Output(name);
        if (expected is JsonObject e && e["errorMessage"] is { } message)
        {
            var error = Assert.Throws<InvalidSamDocumentException>(() => SamTranslator.Transform(input, TranslatorPairs.Options));
            Assert.True(message.GetValue<string>() == error.Message, $"{name}:\nexpected: {message.GetValue<string>()}\nactual:   {error.Message}");
            return;
        }

        var actual = SamTranslator.Transform(input, TranslatorPairs.Options);
        var difference = SamJsonComparer.Difference(expected, actual);
        Assert.True(difference is null, $"{name}: {difference}");
    }
}
