using Pipeline.Models.Autoregressive;

namespace Pipeline.Models.Quantized;

/// <summary>
/// Hyper-parameters of <see cref="VqVaePrior"/>: the frozen VQ-VAE's configuration (its weights are in the checkpoint
/// too, so the checkpoint alone rebuilds the package) and the PixelCNN over its grid of codes, whose K is the codebook's
/// size, whose side is the grid's and whose input is one-hot.
/// </summary>
public sealed record VqVaePriorConfig
{
    public VqVaeConfig Autoencoder { get; init; } = new();

    public PixelCnnConfig Prior { get; init; } = ForCodes(new VqVaeConfig(), new PixelCnnConfig { FirstKernel = 5, Blocks = 4 });

    /// <summary><paramref name="prior"/> sized for the codes of <paramref name="autoencoder"/>: K codes, the grid's side, one-hot input.</summary>
    public static PixelCnnConfig ForCodes(VqVaeConfig autoencoder, PixelCnnConfig prior) =>
        prior with { ImageSize = autoencoder.GridSize, Categories = autoencoder.Codes, OneHotInput = true };

    public string ToJson() => ModelJson.Write(this);

    public static VqVaePriorConfig FromJson(string json) => ModelJson.Read<VqVaePriorConfig>(json, "VQ-VAE prior", c => c.Validate());

    public void Validate()
    {
        Autoencoder.Validate();
        Prior.Validate();
        if (Prior.ImageSize != Autoencoder.GridSize || Prior.Categories != Autoencoder.Codes || !Prior.OneHotInput)
            throw new ArgumentException($"the prior must be a one-hot PixelCNN over the {Autoencoder.GridSize}×{Autoencoder.GridSize} grid of {Autoencoder.Codes} codes (it has side {Prior.ImageSize}, {Prior.Categories} categories, one-hot {Prior.OneHotInput}): build it with VqVaePriorConfig.ForCodes");
    }
}
