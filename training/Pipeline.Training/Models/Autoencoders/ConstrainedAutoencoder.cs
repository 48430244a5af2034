using Pipeline.Data;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// The constrained autoencoder of seed 000 ("autoencodeur contraint"): a fully connected autoencoder
/// whose code also feeds a linear regression head t̂ = Linear(z) predicting the one-hot class t, with
/// L1 = ‖x − x′‖² / D (the reconstruction) and L2 = ‖t̂ − t‖² / C (the head), both means over the batch.
/// The decoder is trained on L1, the head on L2 and the encoder on L1 + λ·L2, so the head's gradients
/// shape the latent space. The head is not part of the exported package.
/// </summary>
public sealed class ConstrainedAutoencoder : Autoencoder
{
    public const string Kind = "constrained-autoencoder";

    public ConstrainedAutoencoder(ConstrainedAutoencoderConfig config, Generator? generator = null)
        : base(MlpAutoencoder.BuildEncoder(Validated(config).Network, generator), MlpAutoencoder.BuildDecoder(config.Network, generator),
            config.Network.LatentSize, config.Network.InputSize, ImageLayout.Flat)
    {
        Config = config;
        Head = RegisterModule("head", new Linear(config.Network.LatentSize, config.ClassCount, generator: generator));
    }

    public ConstrainedAutoencoderConfig Config { get; }

    /// <summary>The linear regression t̂ = W·z + b [N, C].</summary>
    public Linear Head { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>The head's class scores t̂ = Linear(f(x)), [N, C].</summary>
    public Tensor PredictClass(Tensor images)
    {
        using var z = Encode(images);
        return Head.Forward(z);
    }

    /// <summary>
    /// Parts "mse" (L1) and "class" (L2). Gradients are routed exactly by
    /// loss = L1 + λ·L2(Head(z)) + (1 − λ)·L2(Head(sg[z])), sg = stop-gradient (Detach):
    /// the decoder sees only L1; the head sees λ·∂L2 + (1 − λ)·∂L2 = ∂L2 (the two terms have the same
    /// value and the same head gradient); the encoder sees L1 + λ·L2, since the last term is cut from it.
    /// The reported value of the loss is L1 + L2.
    /// </summary>
    public override LossTerms Loss(Batch batch, Generator noise)
    {
        var x = batch.Images;
        var t = batch.Labels.OneHot(Config.ClassCount).To(x.DType);   // [N, C]
        var z = Encode(x);                                            // [N, Z]
        var l1 = Functional.MseLoss(Decode(z).Reshape(x.Shape), x);
        var l2 = Functional.MseLoss(Head.Forward(z), t);
        var l2HeadOnly = Functional.MseLoss(Head.Forward(z.Detach()), t);
        var total = l1 + l2 * Config.Lambda + l2HeadOnly * (1 - Config.Lambda);
        return new LossTerms(total, new[] { ("mse", l1.Detach()), ("class", l2.Detach()) });
    }

    private static ConstrainedAutoencoderConfig Validated(ConstrainedAutoencoderConfig config)
    {
        config.Validate();
        return config;
    }
}
