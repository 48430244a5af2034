using Pipeline.Data;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// A contractive autoencoder (Rifai et al. 2011; seed 002, "contraction ‖∇ₓz‖²"): a fully connected
/// autoencoder whose code is made insensitive to small input changes by penalizing the encoder's
/// Jacobian, loss = ‖x − x′‖² / D + λ·mean_i ‖J_f(x_i)‖²_F. The squared Frobenius norm is estimated
/// without bias by Hutchinson's trick (<see cref="JacobianNorm.Hutchinson"/>): one draw v ~ N(0, I)
/// over the code dimensions and one vector-Jacobian product per step, instead of one backward pass per
/// code dimension.
/// </summary>
public sealed class ContractiveAutoencoder : Autoencoder
{
    public const string Kind = "contractive-autoencoder";

    public ContractiveAutoencoder(ContractiveAutoencoderConfig config)
        : base(Kind, MlpAutoencoder.BuildEncoder(Validated(config).Network), MlpAutoencoder.BuildDecoder(config.Network),
            config.Network.LatentSize, config.Network.InputSize, ImageLayout.Flat)
    {
        Config = config;
        RegisterComponents();
    }

    public ContractiveAutoencoderConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>Parts "mse" (‖x − x′‖² / D) and "jacobian" (the Hutchinson estimate of mean ‖J‖²_F); total mse + λ·jacobian.</summary>
    public override LossTerms Loss(Batch batch, Generator noise)
    {
        var x = batch.Images.flatten(1).detach().requires_grad_();   // [N, D], a leaf the Jacobian is taken against
        var z = Encoder.call(x);                                     // [N, Z]
        var jacobian = JacobianNorm.Hutchinson(z, x, noise).mean();
        var mse = F.mse_loss(Decode(z), batch.Images.flatten(1));
        return new LossTerms(mse + jacobian * Config.Lambda, [("mse", mse.detach()), ("jacobian", jacobian.detach())]);
    }

    private static ContractiveAutoencoderConfig Validated(ContractiveAutoencoderConfig config)
    {
        config.Validate();
        return config;
    }
}
