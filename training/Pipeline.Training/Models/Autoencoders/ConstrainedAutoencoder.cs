using Pipeline.Data;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

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

    public ConstrainedAutoencoder(ConstrainedAutoencoderConfig config)
        : base(Kind, MlpAutoencoder.BuildEncoder(Validated(config).Network), MlpAutoencoder.BuildDecoder(config.Network),
            config.Network.LatentSize, config.Network.InputSize, ImageLayout.Flat)
    {
        Config = config;
        head = nn.Linear(config.Network.LatentSize, config.ClassCount);
        RegisterComponents();
    }

    public ConstrainedAutoencoderConfig Config { get; }

    private readonly Linear head;

    /// <summary>The linear regression t̂ = W·z + b [N, C].</summary>
    public Linear Head => head;

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>The head's class scores t̂ = Linear(f(x)), [N, C].</summary>
    public Tensor PredictClass(Tensor images)
    {
        using var z = Encode(images);
        return head.call(z);
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
        var t = F.one_hot(batch.Labels, Config.ClassCount).to(x.dtype);   // [N, C]
        var z = Encode(x);                                            // [N, Z]
        var l1 = F.mse_loss(Decode(z).reshape(x.shape), x);
        var l2 = F.mse_loss(head.call(z), t);
        var l2HeadOnly = F.mse_loss(head.call(z.detach()), t);
        var total = l1 + l2 * Config.Lambda + l2HeadOnly * (1 - Config.Lambda);
        return new LossTerms(total, [("mse", l1.detach()), ("class", l2.detach())]);
    }

    private static ConstrainedAutoencoderConfig Validated(ConstrainedAutoencoderConfig config)
    {
        config.Validate();
        return config;
    }
}
