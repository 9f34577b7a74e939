using System.Text.Json.Nodes;
using SamTransform.Internal;

namespace SamTransform;

/// <summary>
/// The AWS::Serverless-2016-10-31 transform: a SAM template in, plain CloudFormation out, resource for resource and
/// logical id for logical id what AWS's own SAM translator produces, or SAM's error.
/// </summary>
public static class SamTranslator
{
    /// <summary>Parses the template text (JSON or YAML) and transforms it. Throws <see cref="TemplateParseException"/> or <see cref="InvalidSamDocumentException"/>.</summary>
    public static JsonObject Transform(string templateText, SamTransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(templateText);
        return Transform(TemplateReader.Parse(templateText), options);
    }

    /// <summary>Transforms a parsed template. The input is not modified. Throws <see cref="InvalidSamDocumentException"/>.</summary>
    public static JsonObject Transform(JsonObject template, SamTransformOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return new Translator(options).Translate((JsonObject)template.DeepClone());
        }
        catch (InvalidDocumentError e)
        {
            var ordered = e.Causes.OrderBy(c => c.SortKey, StringComparer.Ordinal).Select(c => c.Message).ToList();
            throw new InvalidSamDocumentException(e.FullMessage, ordered);
        }
        catch (SamError e)
        {
            // An error raised outside the per-resource loop (a template plugin) stops the transform on its own.
            throw new InvalidSamDocumentException(new InvalidDocumentError(e).FullMessage, [e.Message]);
        }
    }
}
