namespace Pipeline.Models.Autoencoders;

/// <summary>Hyper-parameters of <see cref="DenoisingAutoencoder"/>: the conv network and the corruption's noise level σ.</summary>
public sealed record DenoisingAutoencoderConfig
{
    public ConvAutoencoderConfig Network { get; init; } = new();

    /// <summary>σ of the Gaussian corruption x̃ = clamp(x + σ·ε, 0, 1), pixels in [0, 1].</summary>
    public double NoiseStd { get; init; } = 0.5;

    public string ToJson() => ModelJson.Write(this);

    public static DenoisingAutoencoderConfig FromJson(string json) => ModelJson.Read<DenoisingAutoencoderConfig>(json, "denoising autoencoder", c => c.Validate());

    public void Validate()
    {
        if (Network is null) throw new ArgumentException("the denoising autoencoder needs a network configuration");
        Network.Validate();
        if (!(NoiseStd > 0) || double.IsInfinity(NoiseStd))
            throw new ArgumentException($"the noise σ must be positive and finite, got {NoiseStd}: pass e.g. --noise-std 0.5");
    }
}
