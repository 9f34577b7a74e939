using System.Text.Json.Nodes;

namespace LocalCloud.Hosting;

public interface IStatusContributor
{
    string Name { get; }

    ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken);
}
