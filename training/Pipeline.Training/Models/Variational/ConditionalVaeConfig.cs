namespace Pipeline.Models.Variational;

/// <summary>Hyper-parameters of <see cref="ConditionalVae"/>: the MLP VAE's network plus the number of classes it is conditioned on.</summary>
public sealed record ConditionalVaeConfig
{
    /// <summary>Side of the square one-channel images.</summary>
    public int ImageSize { get; init; } = 28;

    public int[] HiddenSizes { get; init; } = { 128, 64 };

    public int LatentSize { get; init; } = 16;

    /// <summary>Number of classes C; the one-hot class is concatenated to the encoder's and the decoder's inputs.</summary>
    public int ClassCount { get; init; } = 10;

    public Likelihood Likelihood { get; init; } = Likelihood.Bernoulli;

    /// <summary>σ of the fixed-variance Gaussian likelihood (pixels in [0, 1]); unused by the Bernoulli one.</summary>
    public double ObservationStd { get; init; } = 0.1;

    public string ToJson() => ModelJson.Write(this);

    public static ConditionalVaeConfig FromJson(string json) => ModelJson.Read<ConditionalVaeConfig>(json, "conditional VAE", c => c.Validate());

    public void Validate()
    {
        if (ImageSize <= 0 || LatentSize <= 0 || HiddenSizes is null || HiddenSizes.Length == 0 || HiddenSizes.Any(h => h <= 0))
            throw new ArgumentException($"sizes must be positive with at least one hidden layer (image {ImageSize}, hidden [{string.Join(", ", HiddenSizes ?? [])}], latent {LatentSize})");
        if (ClassCount < 2) throw new ArgumentException($"a conditional VAE needs 2 classes or more, got {ClassCount}");
        Elbo.ValidateLikelihood(Likelihood, ObservationStd);
    }
}
