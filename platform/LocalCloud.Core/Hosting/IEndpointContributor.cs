using Microsoft.AspNetCore.Routing;

namespace LocalCloud.Core.Hosting;

public interface IEndpointContributor
{
    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
