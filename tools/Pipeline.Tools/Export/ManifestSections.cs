using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Models.Variational;
using static TorchSharp.torch;
using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Export;

/// <summary>The family-specific sections of a manifest, read off the trained model.</summary>
internal static class ManifestSections
{
    /// <summary>Latent-variable families: a Gaussian fitted to the training codes (autoencoders) or N(0, I) (VAEs).</summary>
    public static LatentSpec? Latent(ModelFamily family, IExportableModel model, IReadOnlyList<ExportableNetwork> networks, Func<ImageDataset> trainingImages) => family switch
    {
        ModelFamily.Autoencoder => LatentGaussian.Fit(networks.Single(n => n.Role == "encoder"), trainingImages(), model.LatentSize),
        ModelFamily.Vae or ModelFamily.ConditionalVae => new LatentSpec(model.LatentSize, LatentPrior.StandardNormal),
        ModelFamily.Adversarial when model is IAdversarialExport { Prior: Pipeline.Models.Adversarial.LatentPriorKind.GaussianMixture } mixture =>
            new LatentSpec(model.LatentSize, LatentPrior.GaussianMixture, ComponentMeans: mixture.ComponentMeans, ComponentStd: mixture.ComponentStd),
        ModelFamily.Adversarial => new LatentSpec(model.LatentSize, LatentPrior.StandardNormal),
        _ => null,
    };

    /// <summary>The generated data of a GAN or AAE: its shape, and its values' scaling by the generator's last activation.</summary>
    public static ImageSpec AdversarialImage(IAdversarialExport model) => new((int)model.Shape[0], (int)model.Shape[1], (int)model.Shape[2], model.Output switch
    {
        Pipeline.Models.Adversarial.GeneratorOutput.Tanh => PixelScaling.MinusOneOne,
        Pipeline.Models.Adversarial.GeneratorOutput.Sigmoid => PixelScaling.ZeroOne,
        _ => PixelScaling.Points,   // a linear generator (GanConfig allows it for points only)
    });

    /// <summary>p(x | z) of a VAE, for likelihood bounds.</summary>
    public static LikelihoodSpec? Likelihood(nn.Module model) => model is VariationalAutoencoder vae
        ? vae.Likelihood == Pipeline.Models.Variational.Likelihood.Bernoulli
            ? new LikelihoodSpec(LikelihoodKind.Bernoulli)
            : new LikelihoodSpec(LikelihoodKind.Gaussian, vae.ObservationStd)
        : null;

    /// <summary>
    /// The positions, values and step network of an autoregressive model, or of a VQ-VAE's prior over its codes (the order
    /// only when it is not raster).
    /// </summary>
    public static AutoregressiveSpec? Autoregressive(nn.Module model) =>
        ((model as IVectorQuantizedExport)?.Prior ?? model as IAutoregressiveExport) is { } autoregressive
        ? new AutoregressiveSpec
        {
            Categories = autoregressive.Categories,
            GridShape = autoregressive.GridShape,
            Order = autoregressive.Order.SequenceEqual(Enumerable.Range(0, autoregressive.Order.Count)) ? null : autoregressive.Order.ToArray(),
            Incremental = Enum.Parse<IncrementalDecoding>(autoregressive.Incremental.ToString()),
            OneHotInput = autoregressive.OneHotInput,
            StateSize = autoregressive.StateSize,
            Masks = autoregressive.Masks,
            CachedLayers = autoregressive.CachedLayers.Count == 0 ? null : autoregressive.CachedLayers.Select(l => new CachedLayerSpec(l.Channels, l.Kernel)).ToList(),
        }
        : null;

    /// <summary>The codebook and code grid of a VQ-VAE.</summary>
    public static VectorQuantizerSpec? VectorQuantizer(nn.Module model) => model is IVectorQuantizedExport quantized
        ? new VectorQuantizerSpec { Codes = quantized.Codes, Dimension = quantized.Dimension, GridShape = quantized.CodeGrid, Codebook = quantized.Codebook() }
        : null;

    /// <summary>The path x → z of a normalizing flow: every step, with the act-norms' values and the couplings' network roles.</summary>
    public static FlowSpec? Flow(nn.Module model) => model is IFlowExport flow
        ? new FlowSpec
        {
            Input = Enum.Parse<FlowInput>(flow.Input.ToString()),
            Shape = flow.Shape,
            LogitAlpha = flow.Input == Pipeline.Models.Flows.FlowInput.Pixels ? flow.LogitAlpha : 0,
            Steps = flow.Steps.Select(step =>
            {
                var spec = new FlowStepSpec { Kind = Enum.Parse<FlowStepKind>(step.Kind.ToString()), Shape = step.Shape };
                return step.Kind switch
                {
                    Pipeline.Models.Flows.FlowStepKind.Coupling => spec with
                    {
                        Mask = Enum.Parse<CouplingMask>(step.Mask.ToString()), Parity = step.Parity, Network = flow.CouplingRole(step.Module),
                    },
                    Pipeline.Models.Flows.FlowStepKind.ActNorm => flow.ActNormValues(step.Module) is var (bias, logScale) ? spec with { Bias = bias, LogScale = logScale } : spec,
                    _ => spec,
                };
            }).ToList(),
        }
        : null;

    /// <summary>The noise schedule and sampling defaults of a diffusion model.</summary>
    public static DiffusionSpec? Diffusion(nn.Module model) => model is IDiffusionExport diffusion
        ? new DiffusionSpec
        {
            Timesteps = diffusion.Timesteps,
            BetaStart = diffusion.BetaStart,
            BetaEnd = diffusion.BetaEnd,
            Betas = diffusion.Betas.ToArray(),
            SampleShape = diffusion.SampleShape,
            ClipSample = diffusion.ClipSample,
            GuidanceScale = diffusion.GuidanceScale,
            LatentScale = diffusion.LatentScale,
        }
        : null;
}
