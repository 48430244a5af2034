using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Flows;

/// <summary>
/// RealNVP (Dinh et al. 2017; seed 003 §III "Normalizing flows"): an invertible h from the data to z ~ N(0, I) made of
/// act-norms, affine couplings with checkerboard and channel-wise masks, squeezes and multi-scale splits (see
/// <see cref="RealNvpConfig.Steps"/>), trained by maximum likelihood, −ln p(x) = ½‖h(x)‖² − ln|det J_h(x)| + (D/2) ln 2π.
/// Images enter dequantized and logit-transformed (<see cref="LogitTransform"/>), Jacobians counted, so the loss is the
/// bits per dimension of the 8-bit images; points (the 2-D toys) enter as they are.
/// </summary>
public sealed class RealNvp : nn.Module, ITrainableModel, IExportableModel, IFlowExport
{
    public const string Kind = "realnvp";

    private readonly ModuleList<ActNorm> norms;
    private readonly ModuleList<AffineCoupling> couplings;
    private readonly IReadOnlyList<FlowStep> steps;

    public RealNvp(RealNvpConfig config) : base(nameof(RealNvp))
    {
        config.Validate();
        Config = config;
        steps = config.Steps();
        norms = nn.ModuleList(steps.Where(s => s.Kind == FlowStepKind.ActNorm).Select(s => new ActNorm(s.Shape[0])).ToArray());
        couplings = nn.ModuleList(steps.Where(s => s.Kind == FlowStepKind.Coupling)
            .Select(s => new AffineCoupling(s, config.Hidden, config.Blocks, config.Kernel)).ToArray());
        RegisterComponents();
    }

    public RealNvpConfig Config { get; }

    public string ModelKind => Kind;

    public string ConfigJson => Config.ToJson();

    /// <summary>Images arrive dequantized, (v + u)/256; points are not images (the toy trainer feeds them itself).</summary>
    public PixelTransform TrainingPixels => PixelTransform.UniformDequantization;

    /// <summary>D: values per datum.</summary>
    public long Dimensions => Config.Dimensions;

    public IReadOnlyList<FlowStep> Steps => steps;

    public IList<AffineCoupling> Couplings => couplings;

    public IList<ActNorm> Norms => norms;

    /// <summary>h: the flow's input y [N, C, H, W] → (z [N, D], log|det J_h(y)| [N]); z holds the split-off parts in order, then the rest.</summary>
    public (Tensor Z, Tensor LogDet) Normalize(Tensor y)
    {
        var logDet = zeros(y.shape[0], device: y.device);
        var factored = new List<Tensor>();
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case FlowStepKind.ActNorm:
                {
                    var (z, d) = norms[step.Module].Normalize(y);
                    (y, logDet) = (z, logDet + d);
                    break;
                }
                case FlowStepKind.Coupling:
                {
                    var (z, d) = couplings[step.Module].Normalize(y);
                    (y, logDet) = (z, logDet + d);
                    break;
                }
                case FlowStepKind.Squeeze:
                    y = Squeeze.Forward(y);
                    break;
                case FlowStepKind.Split:
                    var half = y.shape[1] / 2;
                    factored.Add(y.narrow(1, half, half).flatten(1));
                    y = y.narrow(1, 0, half);
                    break;
            }
        }
        factored.Add(y.flatten(1));
        return (cat(factored, 1), logDet);
    }

    /// <summary>g = h⁻¹: z [N, D] → y [N, C, H, W], undoing the steps in reverse order.</summary>
    public Tensor Generate(Tensor z)
    {
        var n = z.shape[0];
        var end = Dimensions;
        var last = steps[^1].OutputShape;
        var size = last.Aggregate(1L, (a, d) => a * d);
        var y = z[.., (int)(end - size)..(int)end].reshape([n, .. last]);
        end -= size;
        foreach (var step in steps.Reverse())
        {
            switch (step.Kind)
            {
                case FlowStepKind.ActNorm:
                    y = norms[step.Module].Generate(y);
                    break;
                case FlowStepKind.Coupling:
                    y = couplings[step.Module].Generate(y);
                    break;
                case FlowStepKind.Squeeze:
                    y = Squeeze.Inverse(y);
                    break;
                case FlowStepKind.Split:
                    var kept = step.OutputShape;
                    var part = kept.Aggregate(1L, (a, d) => a * d);
                    y = cat([y, z[.., (int)(end - part)..(int)end].reshape([n, .. kept])], 1);
                    end -= part;
                    break;
            }
        }
        return y;
    }

    /// <summary>
    /// log p(x) in nats [N] of data x [N, C, H, W]: dequantized intensities in [0, 1) (images; the density on [0, 1)^D) or
    /// points: log N(h(y); 0, I) + log|det J_h(y)| + log|dy/dx| with y the logit transform of x (points: y = x).
    /// </summary>
    public Tensor LogDensity(Tensor x)
    {
        var (y, preprocessing) = Config.Input == FlowInput.Pixels
            ? LogitTransform.Forward(x, Config.LogitAlpha)
            : (x, zeros(x.shape[0], device: x.device));
        var (z, logDet) = Normalize(y);
        var gaussian = -0.5 * z.pow(2).sum(1) - 0.5 * Dimensions * Math.Log(2 * Math.PI);   // log N(z; 0, I)
        return gaussian + logDet + preprocessing;
    }

    /// <summary>
    /// Bits per dimension of 8-bit images from their dequantized intensities x = (v + u)/256 [N, C, H, W]:
    /// −log₂ P(v) ≤ −(log p(x) − D ln 256)/ln 2, per dimension [N].
    /// </summary>
    public Tensor BitsPerDim(Tensor dequantized) =>
        -(LogDensity(dequantized) - Dimensions * Math.Log(256)) / (Dimensions * Math.Log(2));

    /// <summary><paramref name="count"/> data drawn at <paramref name="temperature"/>: z ~ N(0, T²I), x = g(z) (images: back through the logit, in [0, 1]).</summary>
    public Tensor Sample(long count, double temperature, Generator generator)
    {
        var device = parameters().First().device;
        var y = Generate(Noise.Randn([count, Dimensions], generator, device) * temperature);
        return Config.Input == FlowInput.Pixels ? LogitTransform.Inverse(y, Config.LogitAlpha) : y;
    }

    /// <summary>Images: mean bits per dimension of the dequantized batch; points: mean −log p(x) in nats.</summary>
    public LossTerms Loss(Batch batch, Generator noise) => Config.Input == FlowInput.Pixels
        ? LossTerms.Single("bits_per_dim", BitsPerDim(batch.Images).mean())
        : LossTerms.Single("nll", -LogDensity(batch.Images).mean());

    public ExportFamily Family => ExportFamily.Flow;

    /// <summary>D: z has as many values as the data.</summary>
    public int LatentSize => (int)Dimensions;

    public int? ClassCount => null;

    public long[] Shape => Config.Shape;

    public FlowInput Input => Config.Input;

    public double LogitAlpha => Config.LogitAlpha;

    public (float[] Bias, float[] LogScale) ActNormValues(int module) =>
        (norms[module].Bias.detach().cpu().data<float>().ToArray(), norms[module].LogScale.detach().cpu().data<float>().ToArray());

    public string CouplingRole(int module) => $"coupling{module}";

    /// <summary>One network per coupling: its conditioner, "x" (the kept entries b ⊙ x) → "log_scale", "shift".</summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks() => couplings.Select((coupling, k) => new ExportableNetwork
    {
        Role = CouplingRole(k),
        Inputs = [new NetworkInput("x", [-1, .. coupling.Step.Shape])],
        Outputs = ["log_scale", "shift"],
        Module = coupling.Network,
    }).ToList();
}
