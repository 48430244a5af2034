using Pipeline.Runtime.Packages;

namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// The constants of a diffusion process, derived in float64 from its variances β_t (t = 0..T−1, the paper's
/// t = 1..T shifted by one), named as in denoising-diffusion-pytorch and diffusers. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Forward process (Ho et al. 2020, eq. 4): q(x_t | x₀) = N(√ᾱ_t·x₀, (1 − ᾱ_t)·I) with ᾱ_t = ∏_{s≤t} (1 − β_s).
/// Posterior (eq. 6–7): q(x_{t−1} | x_t, x₀) = N(μ̃_t, β̃_t·I), μ̃_t = Coef1_t·x₀ + Coef2_t·x_t.
/// </remarks>
public sealed class NoiseSchedule
{
    private readonly double[] betas, alphas, alphasCumprod, alphasCumprodPrev, sqrtAlphasCumprod, sqrtOneMinusAlphasCumprod,
        sqrtRecipAlphasCumprod, sqrtRecipM1AlphasCumprod, posteriorVariance, posteriorLogVarianceClipped,
        posteriorMeanCoef1, posteriorMeanCoef2;

    /// <summary>Derives every constant from <paramref name="betas"/> (copied): at least one value, each in (0, 1).</summary>
    public NoiseSchedule(ReadOnlySpan<double> betas)
    {
        if (betas.IsEmpty) throw new ArgumentException("a noise schedule needs at least one β", nameof(betas));
        for (var t = 0; t < betas.Length; t++)
            if (!(betas[t] > 0 && betas[t] < 1))
                throw new ArgumentOutOfRangeException(nameof(betas), betas[t], $"β[{t}] must be in (0, 1)");
        var timesteps = betas.Length;
        this.betas = betas.ToArray();
        alphas = new double[timesteps];
        alphasCumprod = new double[timesteps];
        alphasCumprodPrev = new double[timesteps];
        sqrtAlphasCumprod = new double[timesteps];
        sqrtOneMinusAlphasCumprod = new double[timesteps];
        sqrtRecipAlphasCumprod = new double[timesteps];
        sqrtRecipM1AlphasCumprod = new double[timesteps];
        posteriorVariance = new double[timesteps];
        posteriorLogVarianceClipped = new double[timesteps];
        posteriorMeanCoef1 = new double[timesteps];
        posteriorMeanCoef2 = new double[timesteps];

        var product = 1.0;
        for (var t = 0; t < timesteps; t++)
        {
            var beta = this.betas[t];
            alphas[t] = 1 - beta;                                   // α_t = 1 − β_t
            alphasCumprodPrev[t] = product;                         // ᾱ_{t−1}, with ᾱ_{−1} = 1
            product *= alphas[t];
            alphasCumprod[t] = product;                             // ᾱ_t = ∏_{s≤t} α_s
            sqrtAlphasCumprod[t] = Math.Sqrt(product);
            sqrtOneMinusAlphasCumprod[t] = Math.Sqrt(1 - product);
            sqrtRecipAlphasCumprod[t] = Math.Sqrt(1 / product);
            sqrtRecipM1AlphasCumprod[t] = Math.Sqrt(1 / product - 1);
            var prev = alphasCumprodPrev[t];
            posteriorVariance[t] = beta * (1 - prev) / (1 - product);                     // β̃_t, eq. 7
            posteriorMeanCoef1[t] = beta * Math.Sqrt(prev) / (1 - product);               // eq. 7, factor of x₀
            posteriorMeanCoef2[t] = (1 - prev) * Math.Sqrt(alphas[t]) / (1 - product);    // eq. 7, factor of x_t
        }
        // β̃_0 = 0: the log is clipped to β̃_1 as in Ho et al.'s code (log(append(β̃[1], β̃[1:]))).
        for (var t = 0; t < timesteps; t++)
            posteriorLogVarianceClipped[t] = Math.Log(t == 0 && timesteps > 1 ? posteriorVariance[1] : posteriorVariance[t]);
    }

    /// <summary>The schedule a package carries: its betas, checked to hold <see cref="DiffusionSpec.Timesteps"/> values.</summary>
    public static NoiseSchedule FromSpec(DiffusionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Betas is null || spec.Betas.Length != spec.Timesteps)
            throw new PackageException($"the diffusion section needs {spec.Timesteps} betas, got {spec.Betas?.Length ?? 0}: export the package again");
        return new NoiseSchedule(spec.Betas);
    }

    /// <summary>The number of training timesteps T.</summary>
    public int TrainTimesteps => betas.Length;

    /// <summary>β_t, the variance of forward step t.</summary>
    public ReadOnlySpan<double> Betas => betas;
    /// <summary>α_t = 1 − β_t.</summary>
    public ReadOnlySpan<double> Alphas => alphas;
    /// <summary>ᾱ_t = ∏_{s≤t} α_s.</summary>
    public ReadOnlySpan<double> AlphasCumprod => alphasCumprod;
    /// <summary>ᾱ_{t−1}, with ᾱ_{−1} = 1.</summary>
    public ReadOnlySpan<double> AlphasCumprodPrev => alphasCumprodPrev;
    /// <summary>√ᾱ_t.</summary>
    public ReadOnlySpan<double> SqrtAlphasCumprod => sqrtAlphasCumprod;
    /// <summary>√(1 − ᾱ_t).</summary>
    public ReadOnlySpan<double> SqrtOneMinusAlphasCumprod => sqrtOneMinusAlphasCumprod;
    /// <summary>1/√ᾱ_t: x̂₀ = SqrtRecipAlphasCumprod·x_t − SqrtRecipM1AlphasCumprod·ε̂.</summary>
    public ReadOnlySpan<double> SqrtRecipAlphasCumprod => sqrtRecipAlphasCumprod;
    /// <summary>√(1/ᾱ_t − 1).</summary>
    public ReadOnlySpan<double> SqrtRecipM1AlphasCumprod => sqrtRecipM1AlphasCumprod;
    /// <summary>β̃_t = β_t·(1 − ᾱ_{t−1})/(1 − ᾱ_t), the posterior variance (0 at t = 0).</summary>
    public ReadOnlySpan<double> PosteriorVariance => posteriorVariance;
    /// <summary>log β̃_t, with t = 0 clipped to log β̃_1 (β̃_0 = 0).</summary>
    public ReadOnlySpan<double> PosteriorLogVarianceClipped => posteriorLogVarianceClipped;
    /// <summary>β_t·√ᾱ_{t−1}/(1 − ᾱ_t), the factor of x₀ in μ̃_t.</summary>
    public ReadOnlySpan<double> PosteriorMeanCoef1 => posteriorMeanCoef1;
    /// <summary>(1 − ᾱ_{t−1})·√α_t/(1 − ᾱ_t), the factor of x_t in μ̃_t.</summary>
    public ReadOnlySpan<double> PosteriorMeanCoef2 => posteriorMeanCoef2;

    /// <summary>ᾱ at timestep <paramref name="t"/>, or 1 for t = −1 (the clean data after the last reverse step).</summary>
    public double AlphaCumprodAt(int t) => t < 0 ? 1.0 : alphasCumprod[t];

    /// <summary>
    /// The forward process in closed form (eq. 4): x_t = √ᾱ_t·x₀ + √(1 − ᾱ_t)·ε, written into <paramref name="destination"/>.
    /// </summary>
    public void AddNoise(ReadOnlySpan<float> x0, ReadOnlySpan<float> epsilon, int t, Span<float> destination)
    {
        if (epsilon.Length != x0.Length || destination.Length != x0.Length)
            throw new ArgumentException($"x₀ ({x0.Length}), ε ({epsilon.Length}) and the destination ({destination.Length}) need the same length");
        if ((uint)t >= (uint)TrainTimesteps)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"timesteps are 0..{TrainTimesteps - 1}");
        var signal = sqrtAlphasCumprod[t];
        var noise = sqrtOneMinusAlphasCumprod[t];
        for (var i = 0; i < x0.Length; i++) destination[i] = (float)(signal * x0[i] + noise * epsilon[i]);
    }
}
