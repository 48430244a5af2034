using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Export;

/// <summary>
/// Writes a package folder so that a crash never leaves a partial one: the files go to a staging folder beside the
/// target, the manifest last, then the seal; the finished folder replaces an older package only once it is complete.
/// </summary>
internal static class PackageStaging
{
    /// <param name="outputDirectory">The package folder to write (e.g. exported/vae-mlp).</param>
    /// <param name="write">Writes the networks and other files into the staging folder (given with the package's name) and returns the manifest.</param>
    /// <returns>The package's full path and its manifest as read back.</returns>
    public static (string Directory, ModelManifest Manifest) Publish(string outputDirectory, Func<string, string, ModelManifest> write)
    {
        // "exported/ae/" names the folder "ae" (with the separator, its name would be empty and its parent itself).
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var name = Path.GetFileName(target);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        // An export killed earlier left its staging folder (never a partial package): remove it.
        foreach (var stale in Directory.GetDirectories(parent, $".{name}.*.staging*")) Directory.Delete(stale, recursive: true);
        var staging = Path.Combine(parent, $".{name}.{Guid.NewGuid():N}.staging");
        Directory.CreateDirectory(staging);
        try
        {
            var manifest = write(staging, name);
            Pipeline.IO.AtomicFile.WriteText(Path.Combine(staging, ManifestJson.FileName), ManifestJson.Serialize(manifest));
            PackageIntegrity.Seal(staging);   // the SHA-256 of every file, checked whenever the package is opened
            manifest = PackageReader.Read(staging);
            Replace(staging, target);
            return (target, manifest);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Moves the finished package into place; an older package is removed only after the new one is there.</summary>
    private static void Replace(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        var old = staging + ".old";
        Directory.Move(target, old);
        Directory.Move(staging, target);
        Directory.Delete(old, recursive: true);
    }
}
