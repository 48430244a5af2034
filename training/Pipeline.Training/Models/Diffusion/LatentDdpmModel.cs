using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Models.Variational;
using Pipeline.Randomness;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// Latent diffusion (seed 003): a DDPM (Algorithm 1) over z₀ = LatentScale·μ(x), the posterior means of a frozen VAE.
/// The VAE is a registered submodule with its parameters frozen (no gradient, never updated), so the checkpoint holds
/// both networks and the catalog rebuilds the model from its config alone. The package has the MLP "denoiser"
/// ε_θ(z_t, t) and the VAE's own "decoder"; the runtime samples latents and decodes z / LatentScale.
/// </summary>
public sealed class LatentDdpmModel : nn.Module, ITrainableModel, IExportableModel, IDiffusionExport
{
    public const string Kind = "latent-ddpm";

    private readonly VariationalAutoencoder vae;
    private readonly LatentDenoiser denoiser;
    private readonly NoiseSchedule schedule;

    public LatentDdpmModel(LatentDdpmConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        vae = LatentVae.Create(config.VaeKind, config.VaeConfig);
        foreach (var parameter in vae.parameters()) parameter.requires_grad = false;
        vae.eval();   // and kept there by train() below
        denoiser = new LatentDenoiser(vae.LatentSize, config);
        schedule = new NoiseSchedule(config.Timesteps, config.BetaStart, config.BetaEnd);
        RegisterComponents();
    }

    public LatentDdpmConfig Config { get; }

    /// <summary>The frozen VAE whose latent space is diffused.</summary>
    public VariationalAutoencoder Vae => vae;

    public LatentDenoiser Denoiser => denoiser;

    public NoiseSchedule Schedule => schedule;

    public string ModelKind => Kind;

    public string ConfigJson => Config.ToJson();

    /// <summary>The VAE encodes intensities in [0, 1] (no binarization: μ(x) of the mean image is the target).</summary>
    public PixelTransform TrainingPixels => PixelTransform.ZeroOne;

    public ExportFamily Family => ExportFamily.LatentDiffusion;

    public int LatentSize => Vae.LatentSize;

    public int? ClassCount => null;

    public int Timesteps => Config.Timesteps;

    public IReadOnlyList<double> Betas => schedule.Betas;

    public double BetaStart => Config.BetaStart;

    public double BetaEnd => Config.BetaEnd;

    public long[] SampleShape => new long[] { Vae.LatentSize };

    public bool ClipSample => false;

    public double GuidanceScale => 1;

    public double LatentScale => Config.LatentScale;

    /// <summary>z₀ = LatentScale·μ(x), [N, Z], computed by the frozen VAE in evaluation mode without gradients.</summary>
    public Tensor Latents(Tensor images)
    {
        using var noGrad = no_grad();
        var (mean, _) = vae.Encode(images);
        return mean * LatentScale;
    }

    /// <summary>Algorithm 1 on the latents: t ~ U{0..T−1}, ε ~ N(0, I), loss = ‖ε − ε_θ(√ᾱₜz₀ + √(1 − ᾱₜ)ε, t)‖².</summary>
    public LossTerms Loss(Batch batch, Generator noise)
    {
        var z0 = Latents(batch.Images);                                                   // [N, Z]
        var device = z0.device;
        var t = Noise.RandInt(0, Config.Timesteps, [z0.size(0)], noise, device);        // [N]
        var epsilon = Noise.Randn(z0.shape, noise, device);
        var zt = schedule.AddNoise(z0, epsilon, t);
        var predicted = Denoiser.call(zt, t.to(ScalarType.Float32));
        return LossTerms.Single("mse", F.mse_loss(predicted, epsilon));
    }

    /// <summary>"denoiser": sample [N, Z], timestep [N] → epsilon [N, Z]; "decoder": the VAE's, latent [N, Z] → image [N, 1, 28, 28] in [0, 1].</summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks() =>
    [
        new ExportableNetwork
        {
            Role = "denoiser",
            Inputs = [new NetworkInput("sample", [-1L, LatentSize]), new NetworkInput("timestep", [-1L], InputValues.Timestep)],
            Outputs = ["epsilon"],
            Module = denoiser,
        },
        vae.ExportNetworks().Single(n => n.Role == "decoder"),
    ];

    /// <summary>Training mode for the denoiser only: the frozen VAE stays in evaluation mode.</summary>
    public override void train(bool on = true)
    {
        base.train(on);
        vae.eval();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) schedule.Dispose();
        base.Dispose(disposing);
    }
}
