namespace EventPatterns;

/// <summary>The event pattern is not valid. <see cref="Exception.Message"/> names the JSON path and the problem.</summary>
public sealed class InvalidEventPatternException : Exception
{
    public InvalidEventPatternException()
    {
    }

    public InvalidEventPatternException(string message)
        : base(message)
    {
    }

    public InvalidEventPatternException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidEventPatternException(string message, string? jsonPath)
        : base(message)
    {
        JsonPath = jsonPath;
    }

    /// <summary>Where in the pattern the problem is, as a JSONPath such as <c>$.detail.state[0].prefix</c>.</summary>
    public string? JsonPath { get; }
}
