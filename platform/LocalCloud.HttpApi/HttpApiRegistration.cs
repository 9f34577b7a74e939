using LocalCloud.Core.Hosting;
using LocalCloud.HttpApi.Gateway;
using Microsoft.Extensions.DependencyInjection;

namespace LocalCloud.HttpApi;

public static class HttpApiRegistration
{
    /// <summary>API Gateway HTTP APIs: the ApiGatewayV2 control plane (restJson1, signing name <c>apigateway</c>) and the
    /// data plane at <c>/_api/{apiId}/…</c> and <c>http://{apiId}.execute-api.localhost:{port}/…</c>, invoking functions
    /// through <see cref="Core.Ports.IFunctionPort"/>.</summary>
    public static IServiceCollection AddHttpApi(this IServiceCollection services)
    {
        services.AddSingleton<HttpApiStore>();
        services.AddSingleton<HttpApiCatalog>();
        services.AddSingleton<JwtAuthorizer>();
        services.AddSingleton<LambdaAuthorizer>();
        services.AddSingleton<HttpApiGateway>();
        services.AddStorageSchema(HttpApiStore.Storage);
        services.AddRestJsonService<HttpApiService>();
        services.AddStatusContributor<HttpApiService>();
        services.AddEndpointContributor<HttpApiEndpoints>();
        services.AddRequestRewriter<HttpApiEndpoints>();
        return services;
    }
}
