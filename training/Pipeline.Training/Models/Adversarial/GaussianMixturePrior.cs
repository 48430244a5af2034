using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// The adversarial autoencoder's mixture prior (Makhzani et al. 2016, §2.3 and Figure 4): one Gaussian per class,
/// component c centred at μ_c = R·(cos 2πc/K, sin 2πc/K, 0, …, 0) with σ in every dimension. The discriminator sees the
/// class beside the code, so the encoder maps each class into its own component and decoding draws of component c
/// generates class c.
/// </summary>
public static class GaussianMixturePrior
{
    /// <summary>μ [K, Z], row-major.</summary>
    public static double[] Means(int components, int latentSize, double radius)
    {
        var means = new double[components * latentSize];
        for (var c = 0; c < components; c++)
        {
            var angle = 2 * Math.PI * c / components;
            means[c * latentSize] = radius * Math.Cos(angle);
            means[c * latentSize + 1] = radius * Math.Sin(angle);
        }
        return means;
    }

    /// <summary>z = μ_{label} + σ·ε, ε ~ N(0, I): [N, Z] for labels [N] (int64) on their device.</summary>
    public static Tensor Sample(Tensor means, double std, Tensor labels, Generator noise)
    {
        var epsilon = Noise.Randn([labels.shape[0], means.shape[1]], noise, labels.device);
        return means.index_select(0, labels) + std * epsilon;
    }
}
