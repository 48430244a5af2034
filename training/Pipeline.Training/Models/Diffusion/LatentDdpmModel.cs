using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Models.Variational;
using Pipeline.Nn;
using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// Latent diffusion (seed 003): a DDPM (Algorithm 1) over z₀ = LatentScale·μ(x), the posterior means of a frozen VAE.
/// The VAE is a registered submodule with its parameters frozen (no gradient, never updated), so the checkpoint holds
/// both networks and the catalog rebuilds the model from its config alone. The package has the MLP "denoiser"
/// ε_θ(z_t, t) and the VAE's own "decoder"; the runtime samples latents and decodes z / LatentScale.
/// </summary>
public sealed class LatentDdpmModel : Module, ITrainableModel, IExportableModel, IDiffusionExport
{
    public const string Kind = "latent-ddpm";

    private readonly NoiseSchedule schedule;

    public LatentDdpmModel(LatentDdpmConfig config, Generator? generator = null)
    {
        config.Validate();
        Config = config;
        Vae = RegisterModule("vae", LatentVae.Create(config.VaeKind, config.VaeConfig, generator));
        foreach (var parameter in Vae.Parameters()) parameter.RequiresGrad_(false);
        Denoiser = RegisterModule("denoiser", new LatentDenoiser(Vae.LatentSize, config, generator));
        schedule = new NoiseSchedule(config.Timesteps, config.BetaStart, config.BetaEnd);
    }

    public LatentDdpmConfig Config { get; }

    /// <summary>The frozen VAE whose latent space is diffused.</summary>
    public VariationalAutoencoder Vae { get; }

    public LatentDenoiser Denoiser { get; }

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
        Vae.Eval();
        using var noGrad = Torch.NoGrad();
        var (mean, logVar) = Vae.Encode(images);
        logVar.Dispose();
        using (mean) return mean * LatentScale;
    }

    /// <summary>Algorithm 1 on the latents: t ~ U{0..T−1}, ε ~ N(0, I), loss = ‖ε − ε_θ(√ᾱₜz₀ + √(1 − ᾱₜ)ε, t)‖².</summary>
    public LossTerms Loss(Batch batch, Generator noise)
    {
        var z0 = Latents(batch.Images);                                                   // [N, Z]
        var device = z0.Device;
        var n = z0.Size(0);
        var t = Torch.RandInt(0, Config.Timesteps, new[] { n }, noise, device: device);  // [N]
        var epsilon = Torch.Randn(z0.Shape, noise, device: device);
        var zt = schedule.AddNoise(z0, epsilon, t);
        var predicted = Denoiser.Forward(zt, t.To(DType.Float32));
        return LossTerms.Single("mse", Functional.MseLoss(predicted, epsilon));
    }

    /// <summary>"denoiser": sample [N, Z], timestep [N] → epsilon [N, Z]; "decoder": the VAE's, latent [N, Z] → image [N, 1, 28, 28] in [0, 1].</summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks() => new[]
    {
        new ExportableNetwork
        {
            Role = "denoiser",
            Inputs = new[] { new NetworkInput("sample", new[] { -1L, LatentSize }), new NetworkInput("timestep", new[] { -1L }) },
            Outputs = new[] { "epsilon" },
            Build = (graph, x) => new[] { Denoiser.ExportOnnx(graph, x[0], x[1]) },
            Reference = x => new[] { Denoiser.Forward(x[0], x[1]) },
        },
        Vae.ExportNetworks().Single(n => n.Role == "decoder"),
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing) schedule.Dispose();
        base.Dispose(disposing);
    }
}
