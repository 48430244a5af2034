using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Export;

/// <summary>
/// Writes a package folder so that a crash never leaves a partial one: the files go to a staging folder beside the
/// target, the manifest last, then the seal; the finished folder replaces an older package only once it is complete.
/// The target must be a new folder, an empty one or a package (it holds a manifest): any other folder is refused, since
/// replacing it would delete what it holds.
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
        var parent = Path.GetDirectoryName(target)
            ?? throw new UsageException($"--out {outputDirectory} is the root of a file system: pass a package folder, such as exported/<name>");
        Directory.CreateDirectory(parent);
        RecoverInterrupted(parent, name, target);
        CheckTarget(outputDirectory, target);
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

    /// <summary>
    /// Refuses a target that is a file, or a folder that is neither empty nor a package: "--out exported" or "--out ."
    /// would otherwise be deleted whole when the new package replaces it.
    /// </summary>
    private static void CheckTarget(string outputDirectory, string target)
    {
        if (File.Exists(target))
            throw new UsageException($"--out {outputDirectory} is a file: pass a folder for the package, such as exported/<name>");
        if (!Directory.Exists(target) || !Directory.EnumerateFileSystemEntries(target).Any()) return;
        if (!File.Exists(Path.Combine(target, ManifestJson.FileName)))
            throw new UsageException($"--out {outputDirectory} is a folder that holds other things than a package (it has no {ManifestJson.FileName}); " +
                "the package would replace it and delete what it holds. Pass a new folder, or an existing package's folder, such as exported/<name>");
        var working = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Directory.GetCurrentDirectory()));
        if (IsWithin(working, target))
            throw new UsageException($"--out {outputDirectory} holds the current folder, which replacing the package would delete: pass the package's folder from outside it");
    }

    private static bool IsWithin(string path, string folder) =>
        string.Equals(path, folder, StringComparison.Ordinal) || path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// An export killed between moving the older package aside and moving the new one in left no package at the target,
    /// and the older one in ".name.*.staging.old": that one is put back before the stale folders are cleared.
    /// </summary>
    private static void RecoverInterrupted(string parent, string name, string target)
    {
        if (Directory.Exists(target)) return;
        var previous = Directory.GetDirectories(parent, $".{name}.*.staging.old").FirstOrDefault();
        if (previous is not null) Directory.Move(previous, target);
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
        try
        {
            Directory.Move(staging, target);
        }
        catch
        {
            Directory.Move(old, target);          // the older package back where it was
            throw;
        }
        Directory.Delete(old, recursive: true);
    }
}
