using Microsoft.AspNetCore.Http;

namespace LocalCloud.Core.Hosting;

public sealed class RequestContext
{
    public required string RequestId { get; init; }

    public required string Region { get; init; }

    public required string AccountId { get; init; }

    public ResourceScope Scope => new(AccountId, Region);

    public string? SigningService { get; init; }

    public string? AccessKeyId { get; init; }

    public required Uri Endpoint { get; init; }

    public HttpContext? Http { get; init; }
}
