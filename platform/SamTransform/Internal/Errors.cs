namespace SamTransform.Internal;

/// <summary>One error of the kinds SAM reports; <see cref="SortKey"/> orders them the way SAM's messages list them.</summary>
#pragma warning disable CA1032, CA1064 // internal exceptions with the constructors the translator needs
internal abstract class SamError(string message) : Exception(message)
{
    public abstract string SortKey { get; }
}

internal sealed class InvalidResourceError(string logicalId, string message)
    : SamError($"Resource with id [{logicalId}] is invalid. {message}")
{
    public string LogicalId { get; } = logicalId;

    public string Detail { get; } = message;

    public override string SortKey => LogicalId;
}

internal sealed class InvalidEventError(string eventId, string message)
    : SamError($"Event with id [{eventId}] is invalid. {message}")
{
    public string EventId { get; } = eventId;

    public override string SortKey => EventId;
}

internal sealed class InvalidTemplateError(string message)
    : SamError($"Structure of the SAM template is invalid. {message}")
{
    public override string SortKey => Message;
}

internal sealed class InvalidGlobalsError(string message)
    : SamError($"'Globals' section is invalid. {message}")
{
    public override string SortKey => "Globals";
}

internal sealed class DuplicateLogicalIdError(string logicalId, string duplicateId, string type)
    : SamError($"Transforming resource with id [{logicalId}] attempts to create a new resource with id [{duplicateId}] and type \"{type}\". A resource with that id already exists within this template. Please use a different id for that resource.")
{
    public override string SortKey => logicalId;
}

/// <summary>A document-level failure carrying one or more causes (SAM's InvalidDocumentException).</summary>
internal sealed class InvalidDocumentError : Exception
{
    public InvalidDocumentError(IEnumerable<SamError> causes)
        : base("Invalid Serverless Application Specification document.")
    {
        var byMessage = new Dictionary<string, SamError>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var cause in causes)
        {
            if (!byMessage.ContainsKey(cause.Message))
            {
                order.Add(cause.Message);
            }

            byMessage[cause.Message] = cause;
        }

        Causes = [.. order.Select(m => byMessage[m])];
    }

    public InvalidDocumentError(SamError cause)
        : this([cause])
    {
    }

    public IReadOnlyList<SamError> Causes { get; }

    public string FullMessage =>
        Causes.OrderBy(c => c.SortKey, StringComparer.Ordinal)
            .Aggregate($"Invalid Serverless Application Specification document. Number of errors found: {Causes.Count}.", (message, cause) => message + " " + cause.Message);
}
#pragma warning restore CA1032, CA1064
