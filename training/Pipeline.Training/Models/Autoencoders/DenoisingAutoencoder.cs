using Pipeline.Data;
using Pipeline.Randomness;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// A denoising autoencoder (Vincent et al. 2010): the conv architecture of <see cref="ConvAutoencoder"/>
/// fed a corrupted image x̃ = clamp(x + σ·ε, 0, 1), ε ~ N(0, I), and trained to give back the clean x:
/// loss ‖g(f(x̃)) − x‖² / D.
/// </summary>
public sealed class DenoisingAutoencoder : Autoencoder
{
    public const string Kind = "denoising-autoencoder";

    public DenoisingAutoencoder(DenoisingAutoencoderConfig config)
        : base(Kind, ConvAutoencoder.BuildEncoder(Validated(config).Network), ConvAutoencoder.BuildDecoder(config.Network),
            config.Network.LatentSize, config.Network.ImageSize * config.Network.ImageSize, ImageLayout.Spatial)
    {
        Config = config;
        RegisterComponents();
    }

    public DenoisingAutoencoderConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>x̃ = clamp(x + σ·ε, 0, 1) with ε ~ N(0, I) drawn from <paramref name="noise"/>.</summary>
    public static Tensor Corrupt(Tensor images, double noiseStd, Generator noise)
    {
        using var epsilon = Noise.RandnLike(images, noise);
        using var noisy = images.add(epsilon, noiseStd);
        return noisy.clamp(0, 1);
    }

    /// <summary>‖g(f(x̃)) − x‖² / D: the clean image is the target (part "mse").</summary>
    public override LossTerms Loss(Batch batch, Generator noise)
    {
        var x = batch.Images;
        using var corrupted = Corrupt(x, Config.NoiseStd, noise);
        return LossTerms.Single("mse", F.mse_loss(Reconstruct(corrupted), x));
    }

    private static DenoisingAutoencoderConfig Validated(DenoisingAutoencoderConfig config)
    {
        config.Validate();
        return config;
    }
}
