namespace SamTransform;

/// <summary>The template text is neither valid JSON nor valid YAML.</summary>
public sealed class TemplateParseException : Exception
{
    public TemplateParseException()
    {
    }

    public TemplateParseException(string message)
        : base(message)
    {
    }

    public TemplateParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
