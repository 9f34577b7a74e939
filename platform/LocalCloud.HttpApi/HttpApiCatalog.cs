using System.Collections.Immutable;
using System.Security.Cryptography;
using LocalCloud.Core.Hosting;
using LocalCloud.HttpApi.Gateway;
using LocalCloud.HttpApi.Model;
using LocalCloud.HttpApi.OpenApi;
using LocalCloud.HttpApi.Wire;

namespace LocalCloud.HttpApi;

/// <summary>
/// The HTTP APIs of the local cloud and everything they hold: what the ApiGatewayV2 wire adapter and the
/// CloudFormation resource providers both call. Every change is one durable write; a change to what an API serves
/// redeploys its auto-deploy stages in the same write.
/// </summary>
internal sealed class HttpApiCatalog(HttpApiStore store, TimeProvider time)
{
    public const int DefaultTimeoutMillis = 30_000;
    public const int MaxRoutes = 300;
    public const int MaxIntegrations = 300;
    public const int MaxAuthorizers = 10;
    public const int MaxStages = 10;

    private static readonly HashSet<string> CorsMethods = new(StringComparer.Ordinal) { "*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS" };

    public ApiAggregate Get(ResourceScope scope, string apiId) =>
        store.Find(apiId) is { } api && api.Scope == scope ? api : throw HttpApiErrors.ApiNotFound(scope, apiId);

    public IReadOnlyList<ApiAggregate> List(ResourceScope scope) =>
        [.. store.ApiIds(scope).Select(store.Find).OfType<ApiAggregate>()];

    public IReadOnlyList<ApiAggregate> ListAll() =>
        [.. store.AllApiIds().Select(store.Find).OfType<ApiAggregate>()];

    public ApiAggregate? Find(string apiId) => store.Find(apiId);

    public Task<ApiAggregate> CreateApiAsync(ResourceScope scope, ApiInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = Required(input.Name, "Name");
        CheckLength(name, "Name", 1, 128);
        var protocol = Required(input.ProtocolType, "ProtocolType");
        if (protocol == ProtocolTypes.WebSocket)
        {
            throw HttpApiErrors.BadRequest("WebSocket APIs are not emulated by this local cloud; only HTTP APIs are.");
        }

        if (protocol != ProtocolTypes.Http)
        {
            throw HttpApiErrors.BadRequest($"Invalid protocol type: {protocol}. Must be one of [WEBSOCKET, HTTP]");
        }

        if (input.RouteSelectionExpression is { } selection && selection != "$request.method $request.path")
        {
            throw HttpApiErrors.BadRequest("Unsupported RouteSelectionExpression for HTTP API. Only '$request.method $request.path' is supported.");
        }

        if (input.RouteKey is not null && input.Target is null)
        {
            throw HttpApiErrors.BadRequest("RouteKey can only be specified with Target (quick create).");
        }

        var now = time.GetUtcNow();
        var api = new ApiRecord
        {
            ApiId = NewId(10),
            Name = name,
            ApiKeySelectionExpression = input.ApiKeySelectionExpression ?? "$request.header.x-api-key",
            Description = input.Description,
            Version = input.Version,
            Cors = Cors(input.CorsConfiguration),
            DisableExecuteApiEndpoint = input.DisableExecuteApiEndpoint ?? false,
            DisableSchemaValidation = input.DisableSchemaValidation ?? false,
            IpAddressType = IpAddressType(input.IpAddressType) ?? "ipv4",
            Tags = input.Tags ?? [],
            CreatedDate = now,
        };
        var aggregate = ApiAggregate.Create(scope, api);
        if (input.Target is { } target)
        {
            var routeKey = input.RouteKey ?? RouteKeys.Default;
            CheckRouteKey(routeKey);
            var integration = new IntegrationRecord
            {
                IntegrationId = NewId(7),
                IntegrationType = RouteKeys.FunctionArn(target) is null ? IntegrationTypes.HttpProxy : IntegrationTypes.AwsProxy,
                IntegrationUri = target,
                IntegrationMethod = RouteKeys.FunctionArn(target) is null ? "ANY" : "POST",
                PayloadFormatVersion = RouteKeys.FunctionArn(target) is null ? "1.0" : "2.0",
                CredentialsArn = input.CredentialsArn,
                TimeoutInMillis = DefaultTimeoutMillis,
                ApiGatewayManaged = true,
                Sequence = 1,
            };
            var route = new RouteRecord
            {
                RouteId = NewId(7),
                RouteKey = routeKey,
                Target = "integrations/" + integration.IntegrationId,
                ApiGatewayManaged = true,
                Sequence = 2,
            };
            var stage = new StageRecord
            {
                StageName = RouteKeys.Default,
                AutoDeploy = true,
                ApiGatewayManaged = true,
                DefaultRouteSettings = new RouteSettingsRecord { DetailedMetricsEnabled = false },
                CreatedDate = now,
                LastUpdatedDate = now,
            };
            aggregate = aggregate with
            {
                Integrations = aggregate.Integrations.Add(integration.IntegrationId, integration),
                Routes = aggregate.Routes.Add(route.RouteId, route),
                Stages = aggregate.Stages.Add(stage.StageName, stage),
            };
            aggregate = Redeploy(aggregate, now);
        }

        return store.AddAsync(aggregate);
    }

    public Task<ApiAggregate> ImportApiAsync(ResourceScope scope, string? body, bool failOnWarnings)
    {
        var document = OpenApiImporter.Import(Required(body, "Body"), failOnWarnings);
        var now = time.GetUtcNow();
        var api = new ApiRecord
        {
            ApiId = NewId(10),
            Name = document.Title ?? throw HttpApiErrors.BadRequest("Invalid OpenAPI definition: the info.title is required."),
            Description = document.Description,
            Version = document.Version,
            ApiKeySelectionExpression = "$request.header.x-api-key",
            Cors = document.Cors,
            DisableExecuteApiEndpoint = document.DisableExecuteApiEndpoint,
            Tags = document.Tags,
            Warnings = document.Warnings.Count > 0 ? document.Warnings : null,
            CreatedDate = now,
        };
        return store.AddAsync(Apply(ApiAggregate.Create(scope, api), document));
    }

    public async Task<ApiAggregate> ReimportApiAsync(ResourceScope scope, string apiId, string? body, bool failOnWarnings)
    {
        var document = OpenApiImporter.Import(Required(body, "Body"), failOnWarnings);
        var (aggregate, _) = await store.UpdateAsync(scope, apiId, current =>
        {
            var api = current.Api with
            {
                Name = document.Title ?? current.Api.Name,
                Description = document.Description,
                Version = document.Version,
                Cors = document.Cors,
                DisableExecuteApiEndpoint = document.DisableExecuteApiEndpoint,
                Tags = document.Tags.Count > 0 ? document.Tags : current.Api.Tags,
                Warnings = document.Warnings.Count > 0 ? document.Warnings : null,
            };
            var cleared = current with
            {
                Api = api,
                Routes = current.Routes.Clear(),
                Integrations = current.Integrations.Clear(),
                Authorizers = current.Authorizers.Clear(),
            };
            return (Redeploy(Apply(cleared, document), time.GetUtcNow()), true);
        });
        return aggregate;
    }

    public async Task<ApiAggregate> UpdateApiAsync(ResourceScope scope, string apiId, ApiInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Name is { } name)
        {
            CheckLength(name, "Name", 1, 128);
        }

        var (aggregate, _) = await store.UpdateAsync(scope, apiId, current =>
        {
            var api = current.Api with
            {
                Name = input.Name ?? current.Api.Name,
                Description = input.Description ?? current.Api.Description,
                Version = input.Version ?? current.Api.Version,
                ApiKeySelectionExpression = input.ApiKeySelectionExpression ?? current.Api.ApiKeySelectionExpression,
                Cors = input.CorsConfiguration is null ? current.Api.Cors : Cors(input.CorsConfiguration),
                DisableExecuteApiEndpoint = input.DisableExecuteApiEndpoint ?? current.Api.DisableExecuteApiEndpoint,
                DisableSchemaValidation = input.DisableSchemaValidation ?? current.Api.DisableSchemaValidation,
                IpAddressType = IpAddressType(input.IpAddressType) ?? current.Api.IpAddressType,
            };
            var updated = current with { Api = api };
            if (input.Target is { } target)
            {
                var managed = current.Integrations.Values.FirstOrDefault(i => i.ApiGatewayManaged)
                    ?? throw HttpApiErrors.BadRequest("Target can only be updated on an API that was created with quick create.");
                var integration = managed with { IntegrationUri = target, CredentialsArn = input.CredentialsArn ?? managed.CredentialsArn };
                updated = updated with { Integrations = updated.Integrations.SetItem(integration.IntegrationId, integration) };
            }

            if (input.RouteKey is { } routeKey)
            {
                CheckRouteKey(routeKey);
                var managed = current.Routes.Values.FirstOrDefault(r => r.ApiGatewayManaged)
                    ?? throw HttpApiErrors.BadRequest("RouteKey can only be updated on an API that was created with quick create.");
                updated = updated with { Routes = updated.Routes.SetItem(managed.RouteId, managed with { RouteKey = routeKey }) };
            }

            return (Redeploy(updated, time.GetUtcNow()), true);
        });
        return aggregate;
    }

    public async Task DeleteCorsAsync(ResourceScope scope, string apiId) =>
        await store.UpdateAsync(scope, apiId, current =>
            (Redeploy(current with { Api = current.Api with { Cors = null } }, time.GetUtcNow()), true));

    public Task DeleteApiAsync(ResourceScope scope, string apiId) => store.DeleteAsync(scope, apiId);

    public async Task<ApiAggregate> SetTagsAsync(ResourceScope scope, string apiId, string? stageName, IReadOnlyDictionary<string, string>? add, IReadOnlyCollection<string>? remove)
    {
        var (aggregate, _) = await store.UpdateAsync(scope, apiId, current =>
        {
            if (stageName is null)
            {
                return (current with { Api = current.Api with { Tags = Retag(current.Api.Tags, add, remove) } }, true);
            }

            var stage = current.Stages.GetValueOrDefault(stageName) ?? throw HttpApiErrors.StageNotFound(stageName);
            return (current with { Stages = current.Stages.SetItem(stageName, stage with { Tags = Retag(stage.Tags, add, remove) }) }, true);
        });
        return aggregate;
    }

    public async Task<RouteRecord> CreateRouteAsync(ResourceScope scope, string apiId, RouteInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var routeKey = Required(input.RouteKey, "RouteKey");
        CheckRouteKey(routeKey);
        var (_, route) = await store.UpdateAsync(scope, apiId, current =>
        {
            if (current.Routes.Count >= MaxRoutes)
            {
                throw HttpApiErrors.BadRequest($"Maximum number of Routes for this API ({MaxRoutes}) has been reached.");
            }

            if (current.Routes.Values.Any(r => r.RouteKey == routeKey))
            {
                throw HttpApiErrors.Conflict($"Unable to create Route. Route with key '{routeKey}' already exists for this API.");
            }

            var route = CheckRoute(current, new RouteRecord
            {
                RouteId = NewId(7),
                RouteKey = routeKey,
                Target = input.Target,
                AuthorizationType = input.AuthorizationType ?? AuthorizationTypes.None,
                AuthorizerId = input.AuthorizerId,
                AuthorizationScopes = input.AuthorizationScopes,
                ApiKeyRequired = input.ApiKeyRequired ?? false,
                OperationName = input.OperationName,
                RequestParameters = Parameters(input.RequestParameters),
                Sequence = current.NextSequence(),
            });
            return (Redeploy(current with { Routes = current.Routes.Add(route.RouteId, route) }, time.GetUtcNow()), route);
        });
        return route;
    }

    public async Task<RouteRecord> UpdateRouteAsync(ResourceScope scope, string apiId, string routeId, RouteInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.RouteKey is { } key)
        {
            CheckRouteKey(key);
        }

        var (_, route) = await store.UpdateAsync(scope, apiId, current =>
        {
            var existing = current.Routes.GetValueOrDefault(routeId) ?? throw HttpApiErrors.RouteNotFound(routeId);
            if (existing.ApiGatewayManaged)
            {
                throw HttpApiErrors.Conflict("Cannot modify a managed route of an API created with quick create; update the API instead.");
            }

            if (input.RouteKey is { } routeKey && routeKey != existing.RouteKey && current.Routes.Values.Any(r => r.RouteKey == routeKey))
            {
                throw HttpApiErrors.Conflict($"Unable to update Route. Route with key '{routeKey}' already exists for this API.");
            }

            var route = CheckRoute(current, existing with
            {
                RouteKey = input.RouteKey ?? existing.RouteKey,
                Target = input.Target is null ? existing.Target : input.Target.Length == 0 ? null : input.Target,
                AuthorizationType = input.AuthorizationType ?? existing.AuthorizationType,
                AuthorizerId = input.AuthorizerId is null ? existing.AuthorizerId : input.AuthorizerId.Length == 0 ? null : input.AuthorizerId,
                AuthorizationScopes = input.AuthorizationScopes ?? existing.AuthorizationScopes,
                ApiKeyRequired = input.ApiKeyRequired ?? existing.ApiKeyRequired,
                OperationName = input.OperationName ?? existing.OperationName,
                RequestParameters = input.RequestParameters is null ? existing.RequestParameters : Parameters(input.RequestParameters),
            });
            if (route.AuthorizationType == AuthorizationTypes.None)
            {
                route = route with { AuthorizerId = null, AuthorizationScopes = null };
            }

            return (Redeploy(current with { Routes = current.Routes.SetItem(routeId, route) }, time.GetUtcNow()), route);
        });
        return route;
    }

    public async Task DeleteRouteAsync(ResourceScope scope, string apiId, string routeId) =>
        await store.UpdateAsync(scope, apiId, current =>
        {
            if (!current.Routes.ContainsKey(routeId))
            {
                throw HttpApiErrors.RouteNotFound(routeId);
            }

            return (Redeploy(current with { Routes = current.Routes.Remove(routeId) }, time.GetUtcNow()), true);
        });

    public async Task<IntegrationRecord> CreateIntegrationAsync(ResourceScope scope, string apiId, IntegrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (_, integration) = await store.UpdateAsync(scope, apiId, current =>
        {
            if (current.Integrations.Count >= MaxIntegrations)
            {
                throw HttpApiErrors.BadRequest($"Maximum number of Integrations for this API ({MaxIntegrations}) has been reached.");
            }

            var integration = CheckIntegration(new IntegrationRecord
            {
                IntegrationId = NewId(7),
                IntegrationType = Required(input.IntegrationType, "IntegrationType"),
                IntegrationUri = input.IntegrationUri,
                IntegrationMethod = input.IntegrationMethod,
                IntegrationSubtype = input.IntegrationSubtype,
                PayloadFormatVersion = input.PayloadFormatVersion,
                TimeoutInMillis = input.TimeoutInMillis ?? DefaultTimeoutMillis,
                ConnectionType = input.ConnectionType ?? "INTERNET",
                ConnectionId = input.ConnectionId,
                CredentialsArn = input.CredentialsArn,
                Description = input.Description,
                RequestParameters = input.RequestParameters,
                ResponseParameters = ResponseParameters(input.ResponseParameters),
                Sequence = current.NextSequence(),
            });
            return (Redeploy(current with { Integrations = current.Integrations.Add(integration.IntegrationId, integration) }, time.GetUtcNow()), integration);
        });
        return integration;
    }

    public async Task<IntegrationRecord> UpdateIntegrationAsync(ResourceScope scope, string apiId, string integrationId, IntegrationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (_, integration) = await store.UpdateAsync(scope, apiId, current =>
        {
            var existing = current.Integrations.GetValueOrDefault(integrationId) ?? throw HttpApiErrors.IntegrationNotFound(integrationId);
            if (existing.ApiGatewayManaged)
            {
                throw HttpApiErrors.Conflict("Cannot modify a managed integration of an API created with quick create; update the API instead.");
            }

            var integration = CheckIntegration(existing with
            {
                IntegrationType = input.IntegrationType ?? existing.IntegrationType,
                IntegrationUri = input.IntegrationUri ?? existing.IntegrationUri,
                IntegrationMethod = input.IntegrationMethod ?? existing.IntegrationMethod,
                IntegrationSubtype = input.IntegrationSubtype ?? existing.IntegrationSubtype,
                PayloadFormatVersion = input.PayloadFormatVersion ?? existing.PayloadFormatVersion,
                TimeoutInMillis = input.TimeoutInMillis ?? existing.TimeoutInMillis,
                ConnectionType = input.ConnectionType ?? existing.ConnectionType,
                ConnectionId = input.ConnectionId ?? existing.ConnectionId,
                CredentialsArn = input.CredentialsArn ?? existing.CredentialsArn,
                Description = input.Description ?? existing.Description,
                RequestParameters = input.RequestParameters ?? existing.RequestParameters,
                ResponseParameters = input.ResponseParameters is null ? existing.ResponseParameters : ResponseParameters(input.ResponseParameters),
            });
            return (Redeploy(current with { Integrations = current.Integrations.SetItem(integrationId, integration) }, time.GetUtcNow()), integration);
        });
        return integration;
    }

    public async Task DeleteIntegrationAsync(ResourceScope scope, string apiId, string integrationId) =>
        await store.UpdateAsync(scope, apiId, current =>
        {
            if (!current.Integrations.ContainsKey(integrationId))
            {
                throw HttpApiErrors.IntegrationNotFound(integrationId);
            }

            if (current.Routes.Values.FirstOrDefault(r => r.Target == "integrations/" + integrationId) is { } route)
            {
                throw HttpApiErrors.Conflict($"Cannot delete Integration '{integrationId}': it is the target of Route '{route.RouteId}'.");
            }

            return (Redeploy(current with { Integrations = current.Integrations.Remove(integrationId) }, time.GetUtcNow()), true);
        });

    public async Task<AuthorizerRecord> CreateAuthorizerAsync(ResourceScope scope, string apiId, AuthorizerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = Required(input.Name, "Name");
        CheckLength(name, "Name", 1, 128);
        var (_, authorizer) = await store.UpdateAsync(scope, apiId, current =>
        {
            if (current.Authorizers.Count >= MaxAuthorizers)
            {
                throw HttpApiErrors.BadRequest($"Maximum number of Authorizers for this API ({MaxAuthorizers}) has been reached.");
            }

            var authorizer = CheckAuthorizer(new AuthorizerRecord
            {
                AuthorizerId = NewId(6),
                Name = name,
                AuthorizerType = Required(input.AuthorizerType, "AuthorizerType"),
                AuthorizerUri = input.AuthorizerUri,
                AuthorizerCredentialsArn = input.AuthorizerCredentialsArn,
                AuthorizerPayloadFormatVersion = input.AuthorizerPayloadFormatVersion,
                AuthorizerResultTtlInSeconds = input.AuthorizerResultTtlInSeconds,
                EnableSimpleResponses = input.EnableSimpleResponses,
                IdentitySource = input.IdentitySource ?? [],
                IdentityValidationExpression = input.IdentityValidationExpression,
                JwtConfiguration = input.JwtConfiguration is { } jwt ? new JwtConfigurationRecord { Audience = jwt.Audience, Issuer = jwt.Issuer } : null,
                Sequence = current.NextSequence(),
            });
            return (Redeploy(current with { Authorizers = current.Authorizers.Add(authorizer.AuthorizerId, authorizer) }, time.GetUtcNow()), authorizer);
        });
        return authorizer;
    }

    public async Task<AuthorizerRecord> UpdateAuthorizerAsync(ResourceScope scope, string apiId, string authorizerId, AuthorizerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (_, authorizer) = await store.UpdateAsync(scope, apiId, current =>
        {
            var existing = current.Authorizers.GetValueOrDefault(authorizerId) ?? throw HttpApiErrors.AuthorizerNotFound(authorizerId);
            var authorizer = CheckAuthorizer(existing with
            {
                Name = input.Name ?? existing.Name,
                AuthorizerType = input.AuthorizerType ?? existing.AuthorizerType,
                AuthorizerUri = input.AuthorizerUri ?? existing.AuthorizerUri,
                AuthorizerCredentialsArn = input.AuthorizerCredentialsArn ?? existing.AuthorizerCredentialsArn,
                AuthorizerPayloadFormatVersion = input.AuthorizerPayloadFormatVersion ?? existing.AuthorizerPayloadFormatVersion,
                AuthorizerResultTtlInSeconds = input.AuthorizerResultTtlInSeconds ?? existing.AuthorizerResultTtlInSeconds,
                EnableSimpleResponses = input.EnableSimpleResponses ?? existing.EnableSimpleResponses,
                IdentitySource = input.IdentitySource ?? existing.IdentitySource,
                IdentityValidationExpression = input.IdentityValidationExpression ?? existing.IdentityValidationExpression,
                JwtConfiguration = input.JwtConfiguration is { } jwt
                    ? new JwtConfigurationRecord { Audience = jwt.Audience ?? existing.JwtConfiguration?.Audience, Issuer = jwt.Issuer ?? existing.JwtConfiguration?.Issuer }
                    : existing.JwtConfiguration,
            });
            return (Redeploy(current with { Authorizers = current.Authorizers.SetItem(authorizerId, authorizer) }, time.GetUtcNow()), authorizer);
        });
        return authorizer;
    }

    public async Task DeleteAuthorizerAsync(ResourceScope scope, string apiId, string authorizerId) =>
        await store.UpdateAsync(scope, apiId, current =>
        {
            if (!current.Authorizers.ContainsKey(authorizerId))
            {
                throw HttpApiErrors.AuthorizerNotFound(authorizerId);
            }

            if (current.Routes.Values.FirstOrDefault(r => r.AuthorizerId == authorizerId) is { } route)
            {
                throw HttpApiErrors.Conflict($"Cannot delete authorizer '{authorizerId}', is referenced in route: {route.RouteKey}");
            }

            return (Redeploy(current with { Authorizers = current.Authorizers.Remove(authorizerId) }, time.GetUtcNow()), true);
        });

    public async Task<StageRecord> CreateStageAsync(ResourceScope scope, string apiId, StageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stageName = Required(input.StageName, "StageName");
        CheckStageName(stageName);
        var (_, stage) = await store.UpdateAsync(scope, apiId, current =>
        {
            if (current.Stages.ContainsKey(stageName))
            {
                throw HttpApiErrors.Conflict($"Stage already exists");
            }

            if (current.Stages.Count >= MaxStages)
            {
                throw HttpApiErrors.BadRequest($"Maximum number of Stages for this API ({MaxStages}) has been reached.");
            }

            if (input.DeploymentId is { } deploymentId && !current.Deployments.ContainsKey(deploymentId))
            {
                throw HttpApiErrors.BadRequest($"Deployment with id '{deploymentId}' does not exist.");
            }

            var now = time.GetUtcNow();
            var stage = new StageRecord
            {
                StageName = stageName,
                AutoDeploy = input.AutoDeploy ?? false,
                DeploymentId = input.DeploymentId,
                Description = input.Description,
                ClientCertificateId = input.ClientCertificateId,
                StageVariables = input.StageVariables ?? [],
                DefaultRouteSettings = Settings(input.DefaultRouteSettings) ?? new RouteSettingsRecord { DetailedMetricsEnabled = false },
                RouteSettings = input.RouteSettings?.ToDictionary(kv => kv.Key, kv => Settings(kv.Value)!) ?? [],
                AccessLogSettings = input.AccessLogSettings is { } log ? new AccessLogSettingsRecord(log.DestinationArn, log.Format) : null,
                Tags = input.Tags ?? [],
                CreatedDate = now,
                LastUpdatedDate = now,
            };
            var updated = current with { Stages = current.Stages.Add(stageName, stage) };
            if (stage.AutoDeploy)
            {
                updated = Redeploy(updated, now);
            }

            return (updated, updated.Stages[stageName]);
        });
        return stage;
    }

    public async Task<StageRecord> UpdateStageAsync(ResourceScope scope, string apiId, string stageName, StageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (_, stage) = await store.UpdateAsync(scope, apiId, current =>
        {
            var existing = current.Stages.GetValueOrDefault(stageName) ?? throw HttpApiErrors.StageNotFound(stageName);
            if (input.DeploymentId is { } deploymentId && !current.Deployments.ContainsKey(deploymentId))
            {
                throw HttpApiErrors.BadRequest($"Deployment with id '{deploymentId}' does not exist.");
            }

            var now = time.GetUtcNow();
            var stage = existing with
            {
                AutoDeploy = input.AutoDeploy ?? existing.AutoDeploy,
                DeploymentId = input.DeploymentId ?? existing.DeploymentId,
                Description = input.Description ?? existing.Description,
                ClientCertificateId = input.ClientCertificateId ?? existing.ClientCertificateId,
                StageVariables = input.StageVariables ?? existing.StageVariables,
                DefaultRouteSettings = Settings(input.DefaultRouteSettings) ?? existing.DefaultRouteSettings,
                RouteSettings = input.RouteSettings?.ToDictionary(kv => kv.Key, kv => Settings(kv.Value)!) ?? existing.RouteSettings,
                AccessLogSettings = input.AccessLogSettings is { } log ? new AccessLogSettingsRecord(log.DestinationArn, log.Format) : existing.AccessLogSettings,
                LastUpdatedDate = now,
            };
            var updated = current with { Stages = current.Stages.SetItem(stageName, stage) };
            if (stage.AutoDeploy && !existing.AutoDeploy)
            {
                updated = Redeploy(updated, now);
            }

            return (updated, updated.Stages[stageName]);
        });
        return stage;
    }

    public async Task DeleteStageAsync(ResourceScope scope, string apiId, string stageName) =>
        await store.UpdateAsync(scope, apiId, current =>
        {
            if (!current.Stages.ContainsKey(stageName))
            {
                throw HttpApiErrors.StageNotFound(stageName);
            }

            return (current with { Stages = current.Stages.Remove(stageName) }, true);
        });

    public async Task<DeploymentRecord> CreateDeploymentAsync(ResourceScope scope, string apiId, DeploymentInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (_, deployment) = await store.UpdateAsync(scope, apiId, current =>
        {
            StageRecord? stage = null;
            if (input.StageName is { } stageName)
            {
                stage = current.Stages.GetValueOrDefault(stageName) ?? throw HttpApiErrors.BadRequest($"Invalid stage identifier specified");
                if (stage.AutoDeploy)
                {
                    throw HttpApiErrors.BadRequest($"Stage {stageName} has AutoDeploy enabled. Deployments to this stage are managed by API Gateway.");
                }
            }

            var now = time.GetUtcNow();
            var deployment = new DeploymentRecord
            {
                DeploymentId = NewId(6),
                Description = input.Description,
                CreatedDate = now,
                Snapshot = current.Snapshot(),
            };
            var updated = current with { Deployments = current.Deployments.Add(deployment.DeploymentId, deployment) };
            if (stage is not null)
            {
                updated = updated with { Stages = updated.Stages.SetItem(stage.StageName, Deployed(stage, deployment.DeploymentId, now)) };
            }

            return (updated, deployment);
        });
        return deployment;
    }

    public async Task DeleteDeploymentAsync(ResourceScope scope, string apiId, string deploymentId) =>
        await store.UpdateAsync(scope, apiId, current =>
        {
            if (!current.Deployments.ContainsKey(deploymentId))
            {
                throw HttpApiErrors.DeploymentNotFound(deploymentId);
            }

            if (current.Stages.Values.Any(s => s.DeploymentId == deploymentId))
            {
                throw HttpApiErrors.BadRequest("Active stages pointing to this deployment must be moved or deleted");
            }

            return (current with { Deployments = current.Deployments.Remove(deploymentId) }, true);
        });

    private static ApiAggregate Apply(ApiAggregate aggregate, ImportedApi document)
    {
        var routes = aggregate.Routes.ToBuilder();
        var integrations = aggregate.Integrations.ToBuilder();
        var authorizers = aggregate.Authorizers.ToBuilder();
        var sequence = 1L;
        var authorizerIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var imported in document.Authorizers)
        {
            var authorizer = CheckAuthorizer(imported.Authorizer with { AuthorizerId = NewId(6), Sequence = sequence++ });
            authorizerIds[imported.SchemeName] = authorizer.AuthorizerId;
            authorizers[authorizer.AuthorizerId] = authorizer;
        }

        var integrationIds = new Dictionary<IntegrationRecord, string>();
        foreach (var imported in document.Routes)
        {
            string? target = null;
            if (imported.Integration is { } spec)
            {
                if (!integrationIds.TryGetValue(spec, out var integrationId))
                {
                    var integration = CheckIntegration(spec with { IntegrationId = NewId(7), Sequence = sequence++ });
                    integrationId = integration.IntegrationId;
                    integrationIds[spec] = integrationId;
                    integrations[integrationId] = integration;
                }

                target = "integrations/" + integrationId;
            }

            string? authorizerId = null;
            if (imported.SecurityScheme is { } scheme)
            {
                authorizerId = authorizerIds.GetValueOrDefault(scheme)
                    ?? throw HttpApiErrors.BadRequest($"Unable to find security scheme '{scheme}' referenced by route '{imported.RouteKey}'.");
            }

            var route = new RouteRecord
            {
                RouteId = NewId(7),
                RouteKey = imported.RouteKey,
                Target = target,
                AuthorizerId = authorizerId,
                AuthorizationType = authorizerId is null
                    ? AuthorizationTypes.None
                    : authorizers[authorizerId].AuthorizerType == AuthorizerTypes.Jwt ? AuthorizationTypes.Jwt : AuthorizationTypes.Custom,
                AuthorizationScopes = authorizerId is null || imported.Scopes.Count == 0 ? null : imported.Scopes,
                OperationName = imported.OperationName,
                Sequence = sequence++,
            };
            routes[route.RouteId] = route;
        }

        return aggregate with { Routes = routes.ToImmutable(), Integrations = integrations.ToImmutable(), Authorizers = authorizers.ToImmutable() };
    }

    /// <summary>A new deployment for every auto-deploy stage, holding the API as it is now.</summary>
    private static ApiAggregate Redeploy(ApiAggregate aggregate, DateTimeOffset now)
    {
        var autoStages = aggregate.Stages.Values.Where(s => s.AutoDeploy).ToList();
        if (autoStages.Count == 0)
        {
            return aggregate;
        }

        var deployment = new DeploymentRecord
        {
            DeploymentId = NewId(6),
            AutoDeployed = true,
            CreatedDate = now,
            Snapshot = aggregate.Snapshot(),
        };
        var stages = aggregate.Stages;
        var deployments = aggregate.Deployments.Add(deployment.DeploymentId, deployment);
        foreach (var stage in autoStages)
        {
            stages = stages.SetItem(stage.StageName, Deployed(stage, deployment.DeploymentId, now));
        }

        var live = stages.Values.Select(s => s.DeploymentId).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in deployments.Values.Where(d => d.AutoDeployed && !live.Contains(d.DeploymentId)).ToList())
        {
            deployments = deployments.Remove(stale.DeploymentId);
        }

        return aggregate with { Stages = stages, Deployments = deployments };
    }

    private static StageRecord Deployed(StageRecord stage, string deploymentId, DateTimeOffset now) => stage with
    {
        DeploymentId = deploymentId,
        LastUpdatedDate = now,
        LastDeploymentStatusMessage = stage.AutoDeploy ? $"Successfully deployed stage with deployment ID '{deploymentId}'" : null,
    };

    private static RouteRecord CheckRoute(ApiAggregate api, RouteRecord route)
    {
        if (route.Target is { } target)
        {
            if (!target.StartsWith("integrations/", StringComparison.Ordinal) || !api.Integrations.ContainsKey(target["integrations/".Length..]))
            {
                throw HttpApiErrors.BadRequest($"Invalid target: {target}");
            }
        }

        switch (route.AuthorizationType)
        {
            case AuthorizationTypes.None:
            case AuthorizationTypes.Iam:
                if (route.AuthorizerId is not null && route.AuthorizationType == AuthorizationTypes.Iam)
                {
                    throw HttpApiErrors.BadRequest("AuthorizerId cannot be set for AWS_IAM authorization type.");
                }

                break;
            case AuthorizationTypes.Jwt:
            case AuthorizationTypes.Custom:
                var authorizerId = route.AuthorizerId ?? throw HttpApiErrors.BadRequest($"AuthorizerId is required for {route.AuthorizationType} authorization type.");
                var authorizer = api.Authorizers.GetValueOrDefault(authorizerId) ?? throw HttpApiErrors.BadRequest($"Invalid authorizer id specified: {authorizerId}");
                var expected = route.AuthorizationType == AuthorizationTypes.Jwt ? AuthorizerTypes.Jwt : AuthorizerTypes.Request;
                if (authorizer.AuthorizerType != expected)
                {
                    throw HttpApiErrors.BadRequest($"AuthorizationType {route.AuthorizationType} does not match the type {authorizer.AuthorizerType} of authorizer {authorizerId}.");
                }

                if (route.AuthorizationType == AuthorizationTypes.Custom && route.AuthorizationScopes is { Count: > 0 })
                {
                    throw HttpApiErrors.BadRequest("AuthorizationScopes are only supported for JWT authorizers.");
                }

                break;
            default:
                throw HttpApiErrors.BadRequest($"Invalid authorization type: {route.AuthorizationType}. Must be one of [NONE, AWS_IAM, CUSTOM, JWT]");
        }

        return route;
    }

    private static IntegrationRecord CheckIntegration(IntegrationRecord integration)
    {
        if (integration.TimeoutInMillis is < 50 or > 30000)
        {
            throw HttpApiErrors.BadRequest("TimeoutInMillis must be between 50 and 30000.");
        }

        switch (integration.IntegrationType)
        {
            case IntegrationTypes.AwsProxy:
                if (integration.IntegrationSubtype is null)
                {
                    if (RouteKeys.FunctionArn(integration.IntegrationUri) is null)
                    {
                        throw HttpApiErrors.BadRequest($"Invalid integration URI specified: {integration.IntegrationUri ?? "null"}");
                    }

                    if (integration.PayloadFormatVersion is not ("1.0" or "2.0"))
                    {
                        throw HttpApiErrors.BadRequest(integration.PayloadFormatVersion is null
                            ? "PayloadFormatVersion is required for AWS_PROXY integrations."
                            : $"Invalid payload format version: {integration.PayloadFormatVersion}. Must be one of [1.0, 2.0]");
                    }
                }

                return integration with { IntegrationMethod = integration.IntegrationMethod ?? "POST" };
            case IntegrationTypes.HttpProxy:
                if (!Uri.TryCreate(integration.IntegrationUri, UriKind.Absolute, out _))
                {
                    throw HttpApiErrors.BadRequest($"Invalid integration URI specified: {integration.IntegrationUri ?? "null"}");
                }

                return integration with { PayloadFormatVersion = integration.PayloadFormatVersion ?? "1.0", IntegrationMethod = integration.IntegrationMethod ?? "ANY" };
            case "AWS" or "HTTP" or "MOCK":
                throw HttpApiErrors.BadRequest($"Integration type {integration.IntegrationType} is not supported for HTTP APIs.");
            default:
                throw HttpApiErrors.BadRequest($"Invalid integration type: {integration.IntegrationType}. Must be one of [AWS, HTTP, MOCK, HTTP_PROXY, AWS_PROXY]");
        }
    }

    private static AuthorizerRecord CheckAuthorizer(AuthorizerRecord authorizer)
    {
        switch (authorizer.AuthorizerType)
        {
            case AuthorizerTypes.Jwt:
                if (authorizer.JwtConfiguration?.Issuer is not { Length: > 0 } issuer || !Uri.TryCreate(issuer, UriKind.Absolute, out _))
                {
                    throw HttpApiErrors.BadRequest("JwtConfiguration.Issuer must be an absolute URL for JWT authorizers.");
                }

                if (authorizer.IdentitySource.Count != 1)
                {
                    throw HttpApiErrors.BadRequest("A JWT authorizer requires exactly one identity source.");
                }

                break;
            case AuthorizerTypes.Request:
                if (RouteKeys.FunctionArn(authorizer.AuthorizerUri) is null)
                {
                    throw HttpApiErrors.BadRequest($"Invalid Authorizer URI: {authorizer.AuthorizerUri ?? "null"}");
                }

                if (authorizer.AuthorizerPayloadFormatVersion is not ("1.0" or "2.0"))
                {
                    throw HttpApiErrors.BadRequest("AuthorizerPayloadFormatVersion must be 1.0 or 2.0 for REQUEST authorizers.");
                }

                if (authorizer.EnableSimpleResponses == true && authorizer.AuthorizerPayloadFormatVersion != "2.0")
                {
                    throw HttpApiErrors.BadRequest("EnableSimpleResponses is only supported with AuthorizerPayloadFormatVersion 2.0.");
                }

                if (authorizer.AuthorizerResultTtlInSeconds is > 0 && authorizer.IdentitySource.Count == 0)
                {
                    throw HttpApiErrors.BadRequest("Identity source is required when authorizer caching is enabled.");
                }

                break;
            default:
                throw HttpApiErrors.BadRequest($"Invalid authorizer type: {authorizer.AuthorizerType}. Must be one of [REQUEST, JWT]");
        }

        if (authorizer.AuthorizerResultTtlInSeconds is < 0 or > 3600)
        {
            throw HttpApiErrors.BadRequest("AuthorizerResultTtlInSeconds must be between 0 and 3600.");
        }

        foreach (var source in authorizer.IdentitySource)
        {
            if (!IdentitySources.IsValid(source))
            {
                throw HttpApiErrors.BadRequest($"Invalid identity source: {source}");
            }
        }

        return authorizer;
    }

    public static CorsRecord? Cors(CorsWire? wire)
    {
        if (wire is null)
        {
            return null;
        }

        if (wire.MaxAge is < -1 or > 86400)
        {
            throw HttpApiErrors.BadRequest("MaxAge must be between -1 and 86400.");
        }

        foreach (var method in wire.AllowMethods ?? [])
        {
            if (!CorsMethods.Contains(method.ToUpperInvariant()))
            {
                throw HttpApiErrors.BadRequest($"Invalid CORS method: {method}");
            }
        }

        if (wire.AllowCredentials == true && wire.AllowOrigins?.Contains("*") == true)
        {
            throw HttpApiErrors.BadRequest("allow-credentials is not supported when allow-origins is '*'.");
        }

        return new CorsRecord
        {
            AllowCredentials = wire.AllowCredentials,
            AllowHeaders = wire.AllowHeaders,
            AllowMethods = wire.AllowMethods,
            AllowOrigins = wire.AllowOrigins,
            ExposeHeaders = wire.ExposeHeaders,
            MaxAge = wire.MaxAge,
        };
    }

    private static void CheckRouteKey(string routeKey)
    {
        if (!RouteKeys.TryParse(routeKey, out _, out _))
        {
            throw HttpApiErrors.BadRequest($"Unable to create Route: route key '{routeKey}' is invalid. Use '$default' or 'METHOD /path' with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS.");
        }
    }

    private static void CheckStageName(string stageName)
    {
        if (stageName != RouteKeys.Default && (stageName.Length is 0 or > 128 || !stageName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw HttpApiErrors.BadRequest($"Stage name only allows a-zA-Z0-9_- or $default, got '{stageName}'.");
        }
    }

    private static string? IpAddressType(string? value) => value switch
    {
        null => null,
        "ipv4" or "dualstack" => value,
        _ => throw HttpApiErrors.BadRequest($"Invalid IpAddressType: {value}. Must be one of [ipv4, dualstack]"),
    };

    private static RouteSettingsRecord? Settings(RouteSettingsWire? wire) => wire is null ? null : new RouteSettingsRecord
    {
        DataTraceEnabled = wire.DataTraceEnabled,
        DetailedMetricsEnabled = wire.DetailedMetricsEnabled,
        LoggingLevel = wire.LoggingLevel,
        ThrottlingBurstLimit = wire.ThrottlingBurstLimit,
        ThrottlingRateLimit = wire.ThrottlingRateLimit,
    };

    private static Dictionary<string, bool>? Parameters(Dictionary<string, ParameterConstraintsWire>? wire) =>
        wire?.ToDictionary(kv => kv.Key, kv => kv.Value?.Required ?? false, StringComparer.Ordinal);

    private static Dictionary<string, IReadOnlyDictionary<string, string>>? ResponseParameters(Dictionary<string, Dictionary<string, string>>? wire) =>
        wire?.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, string>)kv.Value, StringComparer.Ordinal);

    private static Dictionary<string, string> Retag(IReadOnlyDictionary<string, string> tags, IReadOnlyDictionary<string, string>? add, IReadOnlyCollection<string>? remove)
    {
        var result = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        foreach (var key in remove ?? [])
        {
            result.Remove(key);
        }

        foreach (var (key, value) in add ?? new Dictionary<string, string>())
        {
            result[key] = value;
        }

        return result;
    }

    private static string Required(string? value, string name) =>
        value ?? throw HttpApiErrors.BadRequest($"{name} is a required parameter.");

    private static void CheckLength(string value, string name, int min, int max)
    {
        if (value.Length < min || value.Length > max)
        {
            throw HttpApiErrors.BadRequest($"{name} must be between {min} and {max} characters long.");
        }
    }

    internal static string NewId(int length) =>
        new(RandomNumberGenerator.GetItems<char>("abcdefghijklmnopqrstuvwxyz0123456789", length));
}
