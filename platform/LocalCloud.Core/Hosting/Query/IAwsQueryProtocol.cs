namespace LocalCloud.Core.Hosting;

/// <summary>
/// A service's awsQuery wire adapter: the query shapes of its operations, written as C# data from the
/// service model. The host converts the form into the JSON body of <see cref="Service"/>'s operation,
/// calls <see cref="IAwsJsonService.HandleAsync"/>, and writes the JSON result as the XML response.
/// </summary>
public interface IAwsQueryProtocol
{
    /// <summary>The SigV4 signing name (credential scope service) that selects this service.</summary>
    string SigningName { get; }

    /// <summary>The API version query clients send as <c>Version=</c> (the model's <c>apiVersion</c>).</summary>
    string Version { get; }

    /// <summary>The model's <c>xmlNamespace</c>.</summary>
    string XmlNamespace { get; }

    IAwsJsonService Service { get; }

    IReadOnlyCollection<QueryOperation> Operations { get; }

    /// <summary>When set, a request to a path other than <c>/</c> sets this input member (when the form does
    /// not) to the request's absolute URL, as SQS's query clients do with the queue URL.</summary>
    string? PathInputMember => null;
}
