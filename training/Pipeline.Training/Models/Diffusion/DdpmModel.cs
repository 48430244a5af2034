using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Randomness;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// DDPM (Ho et al. 2020) on 28×28 images in [−1, 1]: the U-Net ε_θ learns to predict the noise of
/// z_t = √ᾱₜ·x₀ + √(1 − ᾱₜ)·ε with the simple loss ‖ε − ε_θ(z_t, t)‖² (Algorithm 1), t uniform per sample.
/// A class-conditional model sees the one-hot class, replaced by the null label with probability
/// <see cref="DdpmConfig.LabelDropout"/>, so that one network serves classifier-free guidance.
/// The reverse process runs in the C# runtime (the denoiser is exported alone).
/// </summary>
public sealed class DdpmModel : nn.Module, ITrainableModel, IExportableModel, IDiffusionExport
{
    public const string Kind = "ddpm";

    private readonly UNet unet;
    private readonly NoiseSchedule schedule;

    public DdpmModel(DdpmConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        unet = new UNet(config.UNet);
        schedule = new NoiseSchedule(config.Timesteps, config.BetaStart, config.BetaEnd);
        RegisterComponents();
    }

    public DdpmConfig Config { get; }

    public UNet Network => unet;

    public NoiseSchedule Schedule => schedule;

    public string ModelKind => Kind;

    public string ConfigJson => Config.ToJson();

    public PixelTransform TrainingPixels => PixelTransform.MinusOneOne;

    public ExportFamily Family => ExportFamily.Diffusion;

    public int LatentSize => 0;

    public int? ClassCount => Config.UNet.Classes > 0 ? Config.UNet.Classes : null;

    public int Timesteps => Config.Timesteps;

    public IReadOnlyList<double> Betas => schedule.Betas;

    public double BetaStart => Config.BetaStart;

    public double BetaEnd => Config.BetaEnd;

    public long[] SampleShape => new long[] { Config.UNet.ImageChannels, Config.UNet.ImageSize, Config.UNet.ImageSize };

    public bool ClipSample => true;

    public double GuidanceScale => Config.GuidanceScale;

    public double LatentScale => 1;

    /// <summary>Algorithm 1: t ~ U{0..T−1}, ε ~ N(0, I), loss = ‖ε − ε_θ(√ᾱₜx₀ + √(1 − ᾱₜ)ε, t)‖².</summary>
    public LossTerms Loss(Batch batch, Generator noise)
    {
        var x0 = batch.Images;                                                            // [N, 1, 28, 28] in [−1, 1]
        var device = x0.device;
        var t = Noise.RandInt(0, Config.Timesteps, [x0.size(0)], noise, device);         // [N]
        var epsilon = Noise.Randn(x0.shape, noise, device);
        var zt = schedule.AddNoise(x0, epsilon, t);
        var label = ClassCount is int classes ? DroppedLabels(batch.Labels.to(device), classes, noise) : null;
        var predicted = unet.call(zt, t.to(ScalarType.Float32), label);
        return LossTerms.Single("mse", F.mse_loss(predicted, epsilon));
    }

    /// <summary>One-hot labels [N, K] with each row zeroed (the null class) with probability LabelDropout.</summary>
    private Tensor DroppedLabels(Tensor labels, int classes, Generator noise)
    {
        var oneHot = F.one_hot(labels, classes).to(ScalarType.Float32);
        if (Config.LabelDropout == 0) return oneHot;
        var keep = Noise.Bernoulli([labels.size(0), 1L], 1 - Config.LabelDropout, noise, labels.device);   // [N, 1]
        return oneHot * keep;
    }

    /// <summary>"denoiser": sample [N, 1, 28, 28], timestep [N] (+ label [N, K]) → epsilon [N, 1, 28, 28].</summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks()
    {
        var inputs = new List<NetworkInput> { new("sample", [-1L, .. SampleShape]), new("timestep", [-1L], InputValues.Timestep) };
        if (ClassCount is int classes) inputs.Add(new NetworkInput("label", [-1L, classes], InputValues.OneHot));
        nn.Module module = ClassCount is null ? new UnconditionalDenoiser(unet) : unet;
        return [new ExportableNetwork { Role = "denoiser", Inputs = inputs, Outputs = ["epsilon"], Module = module }];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) schedule.Dispose();
        base.Dispose(disposing);
    }
}
