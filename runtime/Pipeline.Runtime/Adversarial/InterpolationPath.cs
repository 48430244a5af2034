namespace Pipeline.Runtime.Adversarial;

/// <summary>How <see cref="GeneratorModel.Interpolate"/> walks from one code to another.</summary>
public enum InterpolationPath
{
    /// <summary>z(t) = (1 − t)·z₀ + t·z₁: the straight line, whose middle codes are shorter than typical Gaussian draws.</summary>
    Linear,

    /// <summary>
    /// Spherical (slerp, White 2016): z(t) = sin((1 − t)Ω)/sin Ω · z₀ + sin(tΩ)/sin Ω · z₁ with cos Ω = ẑ₀·ẑ₁, which keeps
    /// the codes at typical norms along the way; linear when the codes are (anti)parallel.
    /// </summary>
    Spherical,
}
