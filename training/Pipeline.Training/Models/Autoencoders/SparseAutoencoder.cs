using Pipeline.Data;
using Pipeline.Nn;
using Pipeline.Tensors;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// A sparse autoencoder (seed 002, "parcimonie de type L1"): a fully connected autoencoder whose code is
/// pushed towards zero by an L1 penalty, loss = ‖x − x′‖² / D + λ·mean_{i,j} |z_ij|.
/// </summary>
public sealed class SparseAutoencoder : Autoencoder
{
    public const string Kind = "sparse-autoencoder";

    public SparseAutoencoder(SparseAutoencoderConfig config, Generator? generator = null)
        : base(MlpAutoencoder.BuildEncoder(Validated(config).Network, generator), MlpAutoencoder.BuildDecoder(config.Network, generator),
            config.Network.LatentSize, config.Network.InputSize, ImageLayout.Flat) =>
        Config = config;

    public SparseAutoencoderConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>Parts "mse" (‖x − x′‖² / D) and "l1" (mean |z|); total mse + λ·l1.</summary>
    public override LossTerms Loss(Batch batch, Generator noise)
    {
        var x = batch.Images;
        var z = Encode(x);                                        // [N, Z]
        var reconstruction = Decode(z).Reshape(x.Shape);          // [N, 1, H, W]
        var mse = Functional.MseLoss(reconstruction, x);
        var l1 = z.Abs().Mean();
        return new LossTerms(mse + l1 * Config.Lambda, new[] { ("mse", mse.Detach()), ("l1", l1.Detach()) });
    }

    private static SparseAutoencoderConfig Validated(SparseAutoencoderConfig config)
    {
        config.Validate();
        return config;
    }
}
