using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Commands;

/// <summary>The package folders under a folder of exported packages (those holding a manifest), in name order.</summary>
internal static class ExportedPackages
{
    public static List<string> In(string root) =>
        Directory.Exists(root)
            ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, ManifestJson.FileName))).Order(StringComparer.Ordinal).ToList()
            : new List<string>();

    /// <summary><see cref="In"/>, refusing a folder that holds no package (a mistyped --models would give an empty result).</summary>
    public static List<string> Require(string root)
    {
        var packages = In(root);
        return packages.Count > 0 ? packages
            : throw new UsageException(Directory.Exists(root)
                ? $"no exported packages under {root} (no folder there holds a {ManifestJson.FileName}): export one with tools/pipeline export, or pass --models <folder of packages>"
                : $"--models {root} does not exist: pass the folder of exported packages, such as exported");
    }
}
