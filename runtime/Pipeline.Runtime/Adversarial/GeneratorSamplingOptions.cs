namespace Pipeline.Runtime.Adversarial;

/// <summary>How an adversarial package draws its codes.</summary>
public sealed record GeneratorSamplingOptions
{
    /// <summary>
    /// The truncation trick (Brock et al. 2019): every |εᵢ| above this bound is drawn again, trading variety for typical,
    /// cleaner samples; null draws from the whole prior.
    /// </summary>
    public double? Truncation { get; init; }

    /// <summary>Throws on options no sampler can use.</summary>
    public void Validate()
    {
        if (Truncation is double t && (!(t > 0) || !double.IsFinite(t)))
            throw new ArgumentOutOfRangeException(nameof(Truncation), t, "the truncation is a positive bound on |ε| (0.5 to 2 are usual), or none");
    }
}
