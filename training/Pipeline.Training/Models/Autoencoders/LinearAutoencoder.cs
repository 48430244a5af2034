using Pipeline.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// PCA as a linear autoencoder (seed 002, "L'ACP revisitée par les RN"): on centred data, z = W₁(x − μ) and
/// x′ = W₂ᵀz + μ with W₁, W₂ of p × n, trained by gradient descent on Σ‖x − x′‖² (equation 1; here the mean squared
/// error per pixel). Baldi and Hornik (1989): at the optimum W₂ᵀW₁ projects onto the span of the covariance's p leading
/// eigenvectors, and W₁ equals W₂ up to an invertible p × p matrix; the subspace is PCA's, the basis need not be.
/// μ (the training images' mean) is set by <see cref="SetMean"/> before training.
/// </summary>
public sealed class LinearAutoencoder : Autoencoder
{
    public const string Kind = "linear-autoencoder";

    public LinearAutoencoder(LinearAutoencoderConfig config)
        : base(Kind, BuildEncoder(config), BuildDecoder(config), config.LatentSize, config.InputSize, ImageLayout.Flat)
    {
        Config = config;
        RegisterComponents();
    }

    public LinearAutoencoderConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>W₁ [p, n]: the encoder's weights.</summary>
    public Tensor W1 => ((Linear)Encoder[1]).weight!;

    /// <summary>W₂ᵀ [n, p]: the decoder's weights, whose columns span the learned subspace.</summary>
    public Tensor W2Transposed => ((Linear)Decoder[0]).weight!;

    /// <summary>Sets μ of both the centring and the restoring step from the training images (intensities in [0, 1]).</summary>
    public void SetMean(ImageDataset images)
    {
        var mean = images.MeanImage();
        if (mean.Length != Config.InputSize) throw new ArgumentException($"the model takes {Config.InputSize} pixels, the images have {mean.Length}");
        ((MeanShift)Encoder[0]).Set(mean);
        ((MeanShift)Decoder[1]).Set(mean);
    }

    /// <summary>x − μ, then W₁ (no bias).</summary>
    public static Sequential BuildEncoder(LinearAutoencoderConfig config)
    {
        config.Validate();
        return nn.Sequential(("centre", (nn.Module<Tensor, Tensor>)new MeanShift(config.InputSize, remove: true)),
            ("w1", nn.Linear(config.InputSize, config.LatentSize, hasBias: false)));
    }

    /// <summary>W₂ᵀ (no bias), then + μ.</summary>
    public static Sequential BuildDecoder(LinearAutoencoderConfig config)
    {
        config.Validate();
        return nn.Sequential(("w2t", (nn.Module<Tensor, Tensor>)nn.Linear(config.LatentSize, config.InputSize, hasBias: false)),
            ("restore", new MeanShift(config.InputSize, remove: false)));
    }
}
