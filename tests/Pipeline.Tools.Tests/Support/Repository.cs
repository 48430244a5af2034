namespace Pipeline.Tools.Tests.Support;

/// <summary>The checkout the tests run from (the folder of Pipeline.sln) and its shipped packages.</summary>
internal static class Repository
{
    /// <summary>The checkout's root, or null when the tests run outside one.</summary>
    public static string? Root { get; } = FindRoot();

    /// <summary>The shipped package exported/<paramref name="name"/>.</summary>
    public static string Exported(string name) =>
        Path.Combine(Root ?? throw new InvalidOperationException("the tests run outside the checkout: no exported/ folder"), "exported", name);

    /// <summary>Every shipped package folder (exported/*/ with a manifest), by name; none when the tests run outside the checkout.</summary>
    public static IEnumerable<string> ShippedPackages() => Root is not { } root
        ? []
        : Directory.GetDirectories(Path.Combine(root, "exported")).Order(StringComparer.Ordinal)
            .Where(d => File.Exists(Path.Combine(d, Pipeline.Runtime.Packages.ManifestJson.FileName)));

    private static string? FindRoot()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Pipeline.sln"))) root = Path.GetDirectoryName(root);
        return root;
    }
}
