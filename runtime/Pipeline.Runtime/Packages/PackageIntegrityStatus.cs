namespace Pipeline.Runtime.Packages;

/// <summary>What opening a package found out about its files.</summary>
public enum PackageIntegrityStatus
{
    /// <summary>The package records no hashes (exported before they were): nothing could be checked.</summary>
    Unsealed,

    /// <summary>The manifest matches manifest.sha256 and every other file its SHA-256 in the manifest.</summary>
    Verified,
}
