namespace Pipeline.Models.Autoencoders;

/// <summary>Hyper-parameters of <see cref="LinearAutoencoder"/>: the pixels n and the code size p &lt; n.</summary>
public sealed record LinearAutoencoderConfig
{
    public int InputSize { get; init; } = 28 * 28;

    public int LatentSize { get; init; } = 16;

    public string ToJson() => ModelJson.Write(this);

    public static LinearAutoencoderConfig FromJson(string json) => ModelJson.Read<LinearAutoencoderConfig>(json, "linear autoencoder", c => c.Validate());

    public void Validate()
    {
        if (InputSize <= 0 || LatentSize <= 0 || LatentSize >= InputSize)
            throw new ArgumentException($"a linear autoencoder needs 0 < p < n (n {InputSize}, p {LatentSize}): pass --latent 1 to {InputSize - 1}");
    }
}
