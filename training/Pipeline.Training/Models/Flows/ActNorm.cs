using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Flows;

/// <summary>
/// Act-norm (Kingma and Dhariwal 2018, §3.1): per channel, z = (x − b) ⊙ exp(−log s), log|det| = −H·W·Σ log s. The
/// first training batch initializes b and log s to its per-channel mean and log standard deviation, so z starts with
/// zero mean and unit variance; from then on both are ordinary parameters. <see cref="Initialized"/> is a buffer, so a
/// resumed run does not initialize again.
/// </summary>
public sealed class ActNorm : nn.Module
{
    private readonly Parameter bias;
    private readonly Parameter log_scale;
    private readonly Tensor initialized;

    public ActNorm(long channels) : base(nameof(ActNorm))
    {
        bias = nn.Parameter(zeros(1, channels, 1, 1));
        log_scale = nn.Parameter(zeros(1, channels, 1, 1));
        initialized = zeros(1);
        RegisterComponents();
    }

    /// <summary>b [1, C, 1, 1].</summary>
    public Tensor Bias => bias;

    /// <summary>log s [1, C, 1, 1].</summary>
    public Tensor LogScale => log_scale;

    /// <summary>Whether b and log s have been set from data.</summary>
    public bool Initialized => initialized.item<float>() > 0;

    /// <summary>x → z and log|det ∂z/∂x| per item [N]; the first call in training mode initializes from <paramref name="x"/>.</summary>
    public (Tensor Z, Tensor LogDet) Normalize(Tensor x)
    {
        if (training && !Initialized) InitializeFrom(x);
        var z = (x - bias) * (-log_scale).exp();
        var logDet = -log_scale.sum() * (x.shape[2] * x.shape[3]);
        return (z, logDet.expand(x.shape[0]));
    }

    /// <summary>z → x = z ⊙ s + b.</summary>
    public Tensor Generate(Tensor z) => z * log_scale.exp() + bias;

    private void InitializeFrom(Tensor x)
    {
        using var noGrad = no_grad();
        var perChannel = x.detach().transpose(0, 1).flatten(1);                       // [C, N·H·W]
        bias.copy_(perChannel.mean([1]).reshape(bias.shape));
        log_scale.copy_((perChannel.std(1) + 1e-6).log().reshape(log_scale.shape));
        initialized.fill_(1);
    }
}
