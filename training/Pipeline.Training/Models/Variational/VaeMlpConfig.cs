namespace Pipeline.Models.Variational;

/// <summary>
/// Hyper-parameters of <see cref="VaeMlp"/>. The network is seed 000's toy VAE, 784-128-64 → (μ, log σ²)
/// and 64-128-784 back, with a code of 16 dimensions where the seed uses 32: on Fashion-MNIST the KL term
/// leaves most of 32 dimensions unused, and 16 matches the other models' codes (pass --latent 32 for the seed's).
/// </summary>
public sealed record VaeMlpConfig
{
    /// <summary>Side of the square one-channel images.</summary>
    public int ImageSize { get; init; } = 28;

    public int[] HiddenSizes { get; init; } = { 128, 64 };

    public int LatentSize { get; init; } = 16;

    public Likelihood Likelihood { get; init; } = Likelihood.Bernoulli;

    /// <summary>σ of the fixed-variance Gaussian likelihood (pixels in [0, 1]); unused by the Bernoulli one.</summary>
    public double ObservationStd { get; init; } = 0.1;

    public string ToJson() => ModelJson.Write(this);

    public static VaeMlpConfig FromJson(string json) => ModelJson.Read<VaeMlpConfig>(json, "MLP VAE", c => c.Validate());

    public void Validate()
    {
        if (ImageSize <= 0 || LatentSize <= 0 || HiddenSizes is null || HiddenSizes.Length == 0 || HiddenSizes.Any(h => h <= 0))
            throw new ArgumentException($"sizes must be positive with at least one hidden layer (image {ImageSize}, hidden [{string.Join(", ", HiddenSizes ?? [])}], latent {LatentSize})");
        Elbo.ValidateLikelihood(Likelihood, ObservationStd);
    }
}
