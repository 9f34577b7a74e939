using System.Text.Json.Nodes;

namespace LocalCloud.Core.Hosting;

public interface IStatusContributor
{
    string Name { get; }

    ValueTask<JsonNode?> GetStatusAsync(CancellationToken cancellationToken);
}
