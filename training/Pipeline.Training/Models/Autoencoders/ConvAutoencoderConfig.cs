namespace Pipeline.Models.Autoencoders;

/// <summary>
/// Hyper-parameters of <see cref="ConvAutoencoder"/> (and of the denoising autoencoder's network): stride-2
/// convolutions with <see cref="Channels"/> (28 → 14 → 7 by default), a linear map to a code of
/// <see cref="LatentSize"/>, and the mirrored decoder ending in a sigmoid.
/// </summary>
public sealed record ConvAutoencoderConfig
{
    /// <summary>Side of the square one-channel images.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Output channels of each stride-2 conv layer of the encoder (the decoder runs them backwards).</summary>
    public int[] Channels { get; init; } = { 32, 64 };

    public int LatentSize { get; init; } = 16;

    public string ToJson() => ModelJson.Write(this);

    public static ConvAutoencoderConfig FromJson(string json) => ModelJson.Read<ConvAutoencoderConfig>(json, "conv autoencoder", c => c.Validate());

    public void Validate()
    {
        if (LatentSize <= 0) throw new ArgumentException($"the latent size must be positive, got {LatentSize}: pass --latent 1 or more");
        Networks.ValidateConv(ImageSize, Channels ?? []);
    }
}
