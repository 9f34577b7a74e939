using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Storage;
using LocalCloud.HttpApi.Model;
using Microsoft.Data.Sqlite;

namespace LocalCloud.HttpApi;

/// <summary>One API with everything it owns, as one immutable value: every change replaces it whole, and the store
/// writes back only the records that changed (compared by reference).</summary>
internal sealed record ApiAggregate(
    ResourceScope Scope,
    ApiRecord Api,
    ImmutableDictionary<string, RouteRecord> Routes,
    ImmutableDictionary<string, IntegrationRecord> Integrations,
    ImmutableDictionary<string, AuthorizerRecord> Authorizers,
    ImmutableDictionary<string, StageRecord> Stages,
    ImmutableDictionary<string, DeploymentRecord> Deployments)
{
    public long Version { get; init; }

    public static ApiAggregate Create(ResourceScope scope, ApiRecord api) => new(
        scope,
        api,
        ImmutableDictionary.Create<string, RouteRecord>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, IntegrationRecord>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, AuthorizerRecord>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, StageRecord>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, DeploymentRecord>(StringComparer.Ordinal));

    public long NextSequence() =>
        1 + Math.Max(
            Routes.Values.Select(r => r.Sequence).DefaultIfEmpty().Max(),
            Math.Max(Integrations.Values.Select(i => i.Sequence).DefaultIfEmpty().Max(), Authorizers.Values.Select(a => a.Sequence).DefaultIfEmpty().Max()));

    public ApiSnapshot Snapshot() => new()
    {
        Cors = Api.Cors,
        DisableExecuteApiEndpoint = Api.DisableExecuteApiEndpoint,
        Routes = [.. Routes.Values.OrderBy(r => r.Sequence)],
        Integrations = [.. Integrations.Values.OrderBy(i => i.Sequence)],
        Authorizers = [.. Authorizers.Values.OrderBy(a => a.Sequence)],
    };
}

/// <summary>HTTP APIs in the local cloud's SQLite store: one row per API and one per route, integration, authorizer,
/// stage and deployment, each the JSON of its <c>Model/</c> record. API ids are unique across accounts and regions
/// (the data plane finds an API by its id alone). Aggregates are cached in memory, newest version wins.</summary>
internal sealed class HttpApiStore(SqliteStore store)
{
    private const string RouteKind = "route";
    private const string IntegrationKind = "integration";
    private const string AuthorizerKind = "authorizer";
    private const string StageKind = "stage";
    private const string DeploymentKind = "deployment";

    private static readonly ApiAggregate Missing = ApiAggregate.Create(default, new ApiRecord { ApiId = "", Name = "", CreatedDate = default });

    private readonly ConcurrentDictionary<string, ApiAggregate> _cache = new(StringComparer.Ordinal);

    public static StorageSchema Storage { get; } = new("httpapi",
    [
        """
        CREATE TABLE httpapi_apis (
            api_id TEXT PRIMARY KEY,
            scope TEXT NOT NULL,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX httpapi_apis_scope ON httpapi_apis (scope, api_id);
        CREATE TABLE httpapi_resources (
            api_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (api_id, kind, id)
        );
        """,
    ]);

    /// <summary>The API with this id in any scope, or null.</summary>
    public ApiAggregate? Find(string apiId)
    {
        if (_cache.TryGetValue(apiId, out var cached))
        {
            return ReferenceEquals(cached, Missing) ? null : cached;
        }

        var loaded = store.Read(connection => Load(connection, apiId));
        var kept = _cache.AddOrUpdate(apiId, loaded ?? Missing, (_, existing) => existing.Version >= (loaded?.Version ?? 0) ? existing : loaded!);
        return ReferenceEquals(kept, Missing) ? null : kept;
    }

    public IReadOnlyList<string> ApiIds(ResourceScope scope) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT api_id FROM httpapi_apis WHERE scope = $scope ORDER BY api_id";
            command.Parameters.AddWithValue("$scope", scope.ToString());
            var ids = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        });

    public IReadOnlyList<string> AllApiIds() =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT api_id FROM httpapi_apis ORDER BY api_id";
            var ids = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        });

    public bool Exists(string apiId) =>
        store.Read(connection => connection.Scalar("SELECT 1 FROM httpapi_apis WHERE api_id = $id", ("$id", apiId)) is not null);

    /// <summary>Stores a new API (its id must be free) and everything it already holds.</summary>
    public async Task<ApiAggregate> AddAsync(ApiAggregate aggregate)
    {
        var written = await store.WriteAsync(connection =>
        {
            if (connection.Scalar("SELECT 1 FROM httpapi_apis WHERE api_id = $id", ("$id", aggregate.Api.ApiId)) is not null)
            {
                throw new InvalidOperationException($"API id {aggregate.Api.ApiId} is taken.");
            }

            var versioned = aggregate with { Version = Epoch(connection) + 1 };
            Save(connection, null, versioned);
            return versioned;
        });
        Remember(written);
        return written;
    }

    /// <summary>Applies <paramref name="change"/> to the API as it is stored now, inside one write; the change throws
    /// to refuse (nothing is written) and answers a result beside the new aggregate.</summary>
    public async Task<(ApiAggregate Aggregate, T Result)> UpdateAsync<T>(ResourceScope scope, string apiId, Func<ApiAggregate, (ApiAggregate, T)> change)
    {
        var (written, result) = await store.WriteAsync(connection =>
        {
            var current = Load(connection, apiId);
            if (current is null || current.Scope != scope)
            {
                throw HttpApiErrors.ApiNotFound(scope, apiId);
            }

            var (changed, value) = change(current);
            if (ReferenceEquals(changed, current))
            {
                return (current, value);
            }

            var versioned = changed with { Version = Epoch(connection) + 1 };
            Save(connection, current, versioned);
            return (versioned, value);
        });
        Remember(written);
        return (written, result);
    }

    public async Task DeleteAsync(ResourceScope scope, string apiId)
    {
        await store.WriteAsync(connection =>
        {
            var current = Load(connection, apiId);
            if (current is null || current.Scope != scope)
            {
                throw HttpApiErrors.ApiNotFound(scope, apiId);
            }

            connection.Execute("DELETE FROM httpapi_resources WHERE api_id = $id", ("$id", apiId));
            connection.Execute("DELETE FROM httpapi_apis WHERE api_id = $id", ("$id", apiId));
        });
        _cache[apiId] = Missing with { Version = long.MaxValue };
    }

    private void Remember(ApiAggregate aggregate) =>
        _cache.AddOrUpdate(aggregate.Api.ApiId, aggregate, (_, existing) => existing.Version >= aggregate.Version ? existing : aggregate);

    private static long Epoch(SqliteConnection connection) =>
        connection.Scalar("SELECT COALESCE(MAX(version), 0) FROM httpapi_apis") is long max ? max : 0;

    private static ApiAggregate? Load(SqliteConnection connection, string apiId)
    {
        string scopeText;
        long version;
        ApiRecord api;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT scope, version, doc FROM httpapi_apis WHERE api_id = $id";
            command.Parameters.AddWithValue("$id", apiId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            scopeText = reader.GetString(0);
            version = reader.GetInt64(1);
            api = Deserialize(reader.GetString(2), HttpApiModelJsonContext.Default.ApiRecord);
        }

        var slash = scopeText.IndexOf('/', StringComparison.Ordinal);
        var aggregate = ApiAggregate.Create(new ResourceScope(scopeText[..slash], scopeText[(slash + 1)..]), api) with { Version = version };
        var routes = aggregate.Routes.ToBuilder();
        var integrations = aggregate.Integrations.ToBuilder();
        var authorizers = aggregate.Authorizers.ToBuilder();
        var stages = aggregate.Stages.ToBuilder();
        var deployments = aggregate.Deployments.ToBuilder();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT kind, id, doc FROM httpapi_resources WHERE api_id = $id";
            command.Parameters.AddWithValue("$id", apiId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetString(1);
                var doc = reader.GetString(2);
                switch (reader.GetString(0))
                {
                    case RouteKind:
                        routes[id] = Deserialize(doc, HttpApiModelJsonContext.Default.RouteRecord);
                        break;
                    case IntegrationKind:
                        integrations[id] = Deserialize(doc, HttpApiModelJsonContext.Default.IntegrationRecord);
                        break;
                    case AuthorizerKind:
                        authorizers[id] = Deserialize(doc, HttpApiModelJsonContext.Default.AuthorizerRecord);
                        break;
                    case StageKind:
                        stages[id] = Deserialize(doc, HttpApiModelJsonContext.Default.StageRecord);
                        break;
                    case DeploymentKind:
                        deployments[id] = Deserialize(doc, HttpApiModelJsonContext.Default.DeploymentRecord);
                        break;
                }
            }
        }

        return aggregate with
        {
            Routes = routes.ToImmutable(),
            Integrations = integrations.ToImmutable(),
            Authorizers = authorizers.ToImmutable(),
            Stages = stages.ToImmutable(),
            Deployments = deployments.ToImmutable(),
        };
    }

    private static void Save(SqliteConnection connection, ApiAggregate? before, ApiAggregate after)
    {
        var apiId = after.Api.ApiId;
        connection.Execute(
            "INSERT INTO httpapi_apis (api_id, scope, version, doc) VALUES ($id, $scope, $version, $doc) "
            + "ON CONFLICT (api_id) DO UPDATE SET version = excluded.version, doc = excluded.doc",
            ("$id", apiId), ("$scope", after.Scope.ToString()), ("$version", after.Version),
            ("$doc", JsonSerializer.Serialize(after.Api, HttpApiModelJsonContext.Default.ApiRecord)));
        SaveKind(connection, apiId, RouteKind, before?.Routes, after.Routes, HttpApiModelJsonContext.Default.RouteRecord);
        SaveKind(connection, apiId, IntegrationKind, before?.Integrations, after.Integrations, HttpApiModelJsonContext.Default.IntegrationRecord);
        SaveKind(connection, apiId, AuthorizerKind, before?.Authorizers, after.Authorizers, HttpApiModelJsonContext.Default.AuthorizerRecord);
        SaveKind(connection, apiId, StageKind, before?.Stages, after.Stages, HttpApiModelJsonContext.Default.StageRecord);
        SaveKind(connection, apiId, DeploymentKind, before?.Deployments, after.Deployments, HttpApiModelJsonContext.Default.DeploymentRecord);
    }

    private static void SaveKind<T>(
        SqliteConnection connection, string apiId, string kind, ImmutableDictionary<string, T>? before, ImmutableDictionary<string, T> after, JsonTypeInfo<T> type)
        where T : class
    {
        if (before is not null)
        {
            foreach (var id in before.Keys.Where(id => !after.ContainsKey(id)))
            {
                connection.Execute("DELETE FROM httpapi_resources WHERE api_id = $api AND kind = $kind AND id = $id", ("$api", apiId), ("$kind", kind), ("$id", id));
            }
        }

        foreach (var (id, record) in after)
        {
            if (before is not null && before.TryGetValue(id, out var old) && ReferenceEquals(old, record))
            {
                continue;
            }

            connection.Execute(
                "INSERT INTO httpapi_resources (api_id, kind, id, doc) VALUES ($api, $kind, $id, $doc) ON CONFLICT (api_id, kind, id) DO UPDATE SET doc = excluded.doc",
                ("$api", apiId), ("$kind", kind), ("$id", id), ("$doc", JsonSerializer.Serialize(record, type)));
        }
    }

    private static T Deserialize<T>(string json, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(json, type) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is null.");
}
