using LocalCloud.Core.Hosting;

namespace LocalCloud.HttpApi;

/// <summary>The ApiGatewayV2 error codes (restJson1, <c>{"message": ...}</c>), with the statuses of the botocore model.</summary>
internal static class HttpApiErrors
{
    public static ServiceException BadRequest(string message) => new("BadRequestException", message, 400);

    public static ServiceException NotFound(string message) => new("NotFoundException", message, 404);

    public static ServiceException Conflict(string message) => new("ConflictException", message, 409);

    public static ServiceException TooManyRequests(string message) => new("TooManyRequestsException", message, 429);

    public static ServiceException ApiNotFound(ResourceScope scope, string apiId) =>
        NotFound($"Invalid API identifier specified {scope.AccountId}:{apiId}");

    public static ServiceException RouteNotFound(string routeId) => NotFound($"Invalid Route identifier specified {routeId}");

    public static ServiceException IntegrationNotFound(string integrationId) => NotFound($"Invalid Integration identifier specified {integrationId}");

    public static ServiceException AuthorizerNotFound(string authorizerId) => NotFound($"Invalid Authorizer identifier specified {authorizerId}");

    public static ServiceException StageNotFound(string stageName) => NotFound($"Invalid stage identifier specified {stageName}");

    public static ServiceException DeploymentNotFound(string deploymentId) => NotFound($"Invalid Deployment identifier specified {deploymentId}");

    public static ServiceException InvalidNextToken() => BadRequest("Invalid nextToken");
}
