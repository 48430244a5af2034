namespace Pipeline.Models.Variational;

/// <summary>Hyper-parameters of <see cref="VaeConv"/>: the conv autoencoder's architecture with Gaussian posterior heads.</summary>
public sealed record VaeConvConfig
{
    /// <summary>Side of the square one-channel images.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Output channels of each stride-2 conv layer of the encoder (the decoder runs them backwards).</summary>
    public int[] Channels { get; init; } = { 32, 64 };

    public int LatentSize { get; init; } = 16;

    public Likelihood Likelihood { get; init; } = Likelihood.Bernoulli;

    /// <summary>σ of the fixed-variance Gaussian likelihood (pixels in [0, 1]); unused by the Bernoulli one.</summary>
    public double ObservationStd { get; init; } = 0.1;

    public string ToJson() => ModelJson.Write(this);

    public static VaeConvConfig FromJson(string json) => ModelJson.Read<VaeConvConfig>(json, "conv VAE", c => c.Validate());

    public void Validate()
    {
        if (LatentSize <= 0) throw new ArgumentException($"the latent size must be positive, got {LatentSize}: pass --latent 1 or more");
        Networks.ValidateConv(ImageSize, Channels ?? []);
        Elbo.ValidateLikelihood(Likelihood, ObservationStd);
    }
}
