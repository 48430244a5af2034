namespace Pipeline.Models.Adversarial;

/// <summary>The networks of a <see cref="Gan"/>.</summary>
public enum GanArchitecture
{
    /// <summary>
    /// DCGAN-style (Radford et al. 2016) for H×W images with H and W divisible by 4: a generator of transposed convolutions
    /// with batch norm, a discriminator of strided convolutions with leaky ReLUs and no normalization (WGAN-GP's critic
    /// may not use batch norm, and all losses share it).
    /// </summary>
    Dcgan,

    /// <summary>Fully connected players with two hidden layers, as Goodfellow et al. 2014 (and the 2-D toy GANs).</summary>
    Mlp,
}
