namespace Pipeline.Runtime.Packages;

/// <summary>
/// manifest.json of an exported package: everything the runtime needs to use its networks.
/// Network roles: "encoder" (image [, class] → code or mean and log-variance), "decoder" (code [, class] → image).
/// </summary>
public sealed record ModelManifest
{
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required string Name { get; init; }
    public required ModelFamily Family { get; init; }
    /// <summary>The training-side model kind (e.g. "mlp-autoencoder").</summary>
    public required string Kind { get; init; }
    public string Description { get; init; } = "";
    public long Opset { get; init; }
    public required ImageSpec Image { get; init; }
    public LatentSpec? Latent { get; init; }
    public ClassSpec? Classes { get; init; }
    public required IReadOnlyDictionary<string, NetworkManifest> Networks { get; init; }
    /// <summary>Figures measured when the package was made (training steps, test metrics), for reports.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}
