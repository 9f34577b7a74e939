using System.Text.Json.Nodes;
using LocalCloud.Core.Hosting;
using LocalCloud.Lambda.Runtime;

namespace LocalCloud.Lambda;

internal sealed class LambdaStatus(LambdaStore store, FunctionRunner runner) : IStatusContributor
{
    public string Name => "lambda";

    public ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<JsonNode?>(new JsonObject
        {
            ["functions"] = store.Count(),
            ["sandboxes"] = runner.RunningSandboxes,
        });
}
