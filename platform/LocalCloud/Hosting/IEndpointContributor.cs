using Microsoft.AspNetCore.Routing;

namespace LocalCloud.Hosting;

public interface IEndpointContributor
{
    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
