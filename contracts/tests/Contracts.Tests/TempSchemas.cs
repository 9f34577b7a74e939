using System.Text.Json.Nodes;

namespace Contracts.Tests;

internal sealed class TempSchemas : IDisposable
{
    private TempSchemas(string path) => Path = path;

    public string Path { get; }

    public static TempSchemas Copy()
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "contracts-schemas-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(RepoPaths.Schemas, "*.json", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(root, System.IO.Path.GetRelativePath(RepoPaths.Schemas, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return new TempSchemas(root);
    }

    public void Edit(string relativePath, Action<JsonObject> change)
    {
        var path = System.IO.Path.Combine(Path, relativePath);
        var schema = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        change(schema);
        File.WriteAllText(path, schema.ToJsonString());
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
