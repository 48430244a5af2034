using System.Security.Cryptography;
using Pipeline.IO;

namespace Pipeline.Runtime.Packages;

/// <summary>
/// A package's seal: the manifest's "files" records the SHA-256 of every other file of the folder, and
/// <see cref="HashFileName"/> beside it holds the manifest's own, so a flipped byte anywhere is found when the package
/// is opened, before any network is loaded, and named with the fix.
/// </summary>
public static class PackageIntegrity
{
    /// <summary>The file holding the SHA-256 (lowercase hex) of manifest.json.</summary>
    public const string HashFileName = "manifest.sha256";

    private const string Fix = "the package was changed or damaged after export: export it again with tools/pipeline export (or restore it from version control)";

    /// <summary>The SHA-256 of a file, lowercase hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Records the SHA-256 of every file of <paramref name="directory"/> but the manifest and its hash in the manifest's
    /// "files", then the manifest's own in <see cref="HashFileName"/> (both written atomically): the package as it is now
    /// becomes the reference. Returns how many files the seal covers.
    /// </summary>
    public static int Seal(string directory)
    {
        var path = Path.Combine(directory, ManifestJson.FileName);
        var manifest = PackageReader.Parse(path, File.ReadAllText(path));
        var files = PackageFiles(directory).ToDictionary(f => f, f => Sha256(Path.Combine(directory, f)));
        var bytes = System.Text.Encoding.UTF8.GetBytes(ManifestJson.Serialize(manifest with { Files = files }));
        AtomicFile.Write(path, stream => stream.Write(bytes));
        WriteManifestHash(directory, bytes);
        return files.Count;
    }

    /// <summary>
    /// Completes a seal that stopped between its two writes: the manifest lists the hashes of exactly the package's files,
    /// each matching, but <see cref="HashFileName"/> was never written. Then the manifest is the one the seal wrote, and
    /// its hash is written now. Returns false, changing nothing, for a package in any other state.
    /// </summary>
    public static bool CompleteInterruptedSeal(string directory)
    {
        var path = Path.Combine(directory, ManifestJson.FileName);
        if (File.Exists(Path.Combine(directory, HashFileName)) || !File.Exists(path)) return false;
        var bytes = File.ReadAllBytes(path);
        if (PackageReader.Parse(path, System.Text.Encoding.UTF8.GetString(bytes)).Files is not { } files || FirstMismatch(directory, files) is not null) return false;
        WriteManifestHash(directory, bytes);
        return true;
    }

    /// <summary>Checks a package's seal; throws <see cref="PackageException"/> naming the first file that does not match.</summary>
    /// <param name="directory">The package folder.</param>
    /// <param name="manifest">Its manifest, parsed from <paramref name="manifestBytes"/>.</param>
    /// <param name="manifestBytes">manifest.json as read (the bytes its hash is taken of).</param>
    public static PackageIntegrityStatus Verify(string directory, ModelManifest manifest, byte[] manifestBytes)
    {
        var path = Path.Combine(directory, ManifestJson.FileName);
        var hashFile = Path.Combine(directory, HashFileName);
        if (!File.Exists(hashFile))
        {
            if (manifest.Files is not null)
                throw new PackageException($"{path} lists file hashes but {HashFileName} is missing (a seal interrupted between its two writes does this: " +
                    $"tools/pipeline seal --model {directory} completes it when every file matches its hash): {Fix}");
            return PackageIntegrityStatus.Unsealed;
        }
        var expected = File.ReadAllText(hashFile).Trim();
        if (!string.Equals(expected, Convert.ToHexStringLower(SHA256.HashData(manifestBytes)), StringComparison.Ordinal))
            throw new PackageException($"{path} does not match its {HashFileName}: {Fix}");
        var files = manifest.Files ?? throw new PackageException($"{path} has a {HashFileName} but lists no file hashes: {Fix}");
        if (FirstMismatch(directory, files) is { } problem) throw new PackageException($"{problem}: {Fix}");
        return PackageIntegrityStatus.Verified;
    }

    /// <summary>
    /// How the folder's files differ from the <paramref name="files"/> a seal lists, the first difference found (a file
    /// not listed, a listed file missing, a hash that does not match), or null when they are exactly those files.
    /// </summary>
    private static string? FirstMismatch(string directory, IReadOnlyDictionary<string, string> files)
    {
        foreach (var file in PackageFiles(directory))
            if (!files.ContainsKey(file)) return $"{Path.Combine(directory, file)} is not part of the sealed package";
        foreach (var (file, hash) in files)
        {
            var full = Path.Combine(directory, file);
            if (file.Contains('/') || file.Contains('\\') || !File.Exists(full)) return $"{full}, sealed in the manifest, is missing";
            if (!string.Equals(Sha256(full), hash, StringComparison.Ordinal)) return $"{full} does not match its SHA-256 in the manifest";
        }
        return null;
    }

    /// <summary>Writes <see cref="HashFileName"/>: the SHA-256 of the manifest's <paramref name="bytes"/>, atomically.</summary>
    private static void WriteManifestHash(string directory, byte[] bytes) =>
        AtomicFile.WriteText(Path.Combine(directory, HashFileName), Convert.ToHexStringLower(SHA256.HashData(bytes)) + "\n");

    /// <summary>The files of a package folder the seal covers: all but the manifest, its hash and hidden files (a writer's temporaries).</summary>
    private static IEnumerable<string> PackageFiles(string directory) =>
        Directory.GetFiles(directory).Select(Path.GetFileName).OfType<string>()
            .Where(f => f != ManifestJson.FileName && f != HashFileName && !f.StartsWith('.'))
            .Order(StringComparer.Ordinal);
}
