using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Commands;

/// <summary>The package folders under a folder of exported packages (those holding a manifest), in name order.</summary>
internal static class ExportedPackages
{
    public static List<string> In(string root) =>
        Directory.Exists(root)
            ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, ManifestJson.FileName))).Order(StringComparer.Ordinal).ToList()
            : new List<string>();
}
