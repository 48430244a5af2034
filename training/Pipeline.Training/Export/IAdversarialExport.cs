using Pipeline.Models.Adversarial;

namespace Pipeline.Export;

/// <summary>What the manifest says about a GAN's generator or an adversarial autoencoder's decoder: its data and its prior.</summary>
public interface IAdversarialExport
{
    /// <summary>The generated data's shape [C, H, W].</summary>
    long[] Shape { get; }

    /// <summary>The generator's last activation, which fixes how its values map to intensities.</summary>
    GeneratorOutput Output { get; }

    /// <summary>The prior z is drawn from.</summary>
    LatentPriorKind Prior { get; }

    /// <summary>The mixture's component means, row-major [K, Z] (<see cref="LatentPriorKind.GaussianMixture"/> only).</summary>
    double[]? ComponentMeans { get; }

    /// <summary>The standard deviation of every component in every dimension (<see cref="LatentPriorKind.GaussianMixture"/> only).</summary>
    double ComponentStd { get; }
}
