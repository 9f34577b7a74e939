using Microsoft.AspNetCore.Http;

namespace LocalCloud.Core.Hosting;

/// <summary>
/// Runs first for every request, before the AWS protocol sniffing (<c>X-Amz-Target</c>, awsQuery forms) and routing.
/// Answers true when the request belongs to the contributor's own endpoints (it may rewrite <see cref="HttpRequest.Path"/>
/// so that endpoint routing finds them); the request is then routed without being read as an AWS protocol request.
/// </summary>
public interface IRequestRewriter
{
    bool Rewrite(HttpContext http);
}
