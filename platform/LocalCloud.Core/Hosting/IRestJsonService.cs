namespace LocalCloud.Core.Hosting;

public delegate Task<RestResponse> RestHandler(RestRequest request, CancellationToken cancellationToken);

public sealed record RestOperation(string Name, string Method, string PathTemplate, RestHandler Handler);

public interface IRestJsonService : ILocalCloudService
{
    string ErrorMessageKey => "message";

    bool ErrorBodyIncludesCode => false;

    IReadOnlyList<RestOperation> Operations { get; }
}
