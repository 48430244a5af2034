using Pipeline.Data;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// A sparse autoencoder (seed 002, "parcimonie de type L1"): a fully connected autoencoder whose code is
/// pushed towards zero by an L1 penalty, loss = ‖x − x′‖² / D + λ·mean_{i,j} |z_ij|.
/// </summary>
public sealed class SparseAutoencoder : Autoencoder
{
    public const string Kind = "sparse-autoencoder";

    public SparseAutoencoder(SparseAutoencoderConfig config)
        : base(Kind, MlpAutoencoder.BuildEncoder(Validated(config).Network), MlpAutoencoder.BuildDecoder(config.Network),
            config.Network.LatentSize, config.Network.InputSize, ImageLayout.Flat)
    {
        Config = config;
        RegisterComponents();
    }

    public SparseAutoencoderConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>Parts "mse" (‖x − x′‖² / D) and "l1" (mean |z|); total mse + λ·l1.</summary>
    public override LossTerms Loss(Batch batch, Generator noise)
    {
        var x = batch.Images;
        var z = Encode(x);                                        // [N, Z]
        var reconstruction = Decode(z).reshape(x.shape);          // [N, 1, H, W]
        var mse = F.mse_loss(reconstruction, x);
        var l1 = z.abs().mean();
        return new LossTerms(mse + l1 * Config.Lambda, [("mse", mse.detach()), ("l1", l1.detach())]);
    }

    private static SparseAutoencoderConfig Validated(SparseAutoencoderConfig config)
    {
        config.Validate();
        return config;
    }
}
