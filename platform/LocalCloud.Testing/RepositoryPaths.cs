namespace LocalCloud.Testing;

public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Microservices.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Microservices.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));
}
