namespace Pipeline.Runtime.Packages;

/// <summary>
/// manifest.json of an exported package: everything the runtime needs to use its networks.
/// Network roles: "encoder" (image [, class] → code or mean and log-variance), "decoder" (code [, class] → image),
/// "denoiser" (diffusion: sample, timestep [, label] → epsilon; see <see cref="DiffusionSpec"/>).
/// </summary>
public sealed record ModelManifest
{
    /// <summary>The manifest format this runtime writes and reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Format version of this manifest.</summary>
    public int Format { get; init; } = CurrentFormat;
    /// <summary>The package's name (its folder name).</summary>
    public required string Name { get; init; }
    /// <summary>Which sampler the package needs.</summary>
    public required ModelFamily Family { get; init; }
    /// <summary>The training-side model kind (e.g. "mlp-autoencoder").</summary>
    public required string Kind { get; init; }
    /// <summary>What the package was trained on when it is not Fashion-MNIST's images (a toy flow's density: "two_moons", "eight_gaussians", "checkerboard").</summary>
    public string? Dataset { get; init; }
    /// <summary>Free text shown in reports.</summary>
    public string Description { get; init; } = "";
    /// <summary>ONNX opset of every network.</summary>
    public long Opset { get; init; }
    /// <summary>The images the package generates.</summary>
    public required ImageSpec Image { get; init; }
    /// <summary>The latent space (latent-variable families).</summary>
    public LatentSpec? Latent { get; init; }
    /// <summary>The diffusion constants (diffusion and latent-diffusion families), JSON "diffusion".</summary>
    public DiffusionSpec? Diffusion { get; init; }
    /// <summary>The positions, values and step network of an autoregressive package, JSON "autoregressive".</summary>
    public AutoregressiveSpec? Autoregressive { get; init; }
    /// <summary>The codebook and code grid of a VQ-VAE package, JSON "vector_quantizer".</summary>
    public VectorQuantizerSpec? VectorQuantizer { get; init; }
    /// <summary>The path x → z of a normalizing flow package, JSON "flow".</summary>
    public FlowSpec? Flow { get; init; }
    /// <summary>The attribute-regularized latent dimensions of an AR-VAE package, JSON "attributes".</summary>
    public AttributeSpec? Attributes { get; init; }
    /// <summary>The decoder's observation model p(x | z), for VAE packages (likelihood evaluation).</summary>
    public LikelihoodSpec? Likelihood { get; init; }

    /// <summary>The classes of a conditional model.</summary>
    public ClassSpec? Classes { get; init; }
    /// <summary>The SHA-256 (lowercase hex) of every other file of the package, by name (see <see cref="PackageIntegrity"/>).</summary>
    public IReadOnlyDictionary<string, string>? Files { get; init; }
    /// <summary>What <see cref="PackageReader.Read"/> found of the package's seal (not part of the JSON).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public PackageIntegrityStatus Integrity { get; init; }
    /// <summary>The networks by role.</summary>
    public required IReadOnlyDictionary<string, NetworkManifest> Networks { get; init; }
    /// <summary>The number format inside the networks (their inputs and outputs are float32 in every case).</summary>
    public NumericPrecision Precision { get; init; } = NumericPrecision.Fp32;
    /// <summary>
    /// The training loss every few steps, as [step, loss] pairs (for reports), when it was recorded; with
    /// <see cref="LossSeries"/>, rows of [step, one loss per series].
    /// </summary>
    public IReadOnlyList<double[]>? LossHistory { get; init; }
    /// <summary>The names of the losses in each row of <see cref="LossHistory"/> when there are several (a GAN's players).</summary>
    public IReadOnlyList<string>? LossSeries { get; init; }

    /// <summary>Figures measured when the package was made (training steps, test metrics), for reports.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}
