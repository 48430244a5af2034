using System.Text.Json.Serialization;

namespace Pipeline.Models.Flows;

/// <summary>
/// Hyper-parameters of <see cref="RealNvp"/>. Each of the <see cref="Levels"/> scales (Dinh et al. 2017, §3.6) runs
/// <see cref="CouplingsPerStage"/> checkerboard couplings, a squeeze, as many channel-wise couplings and a split that factors
/// out half the channels; <see cref="FinalCouplings"/> couplings end the flow (checkerboard on images, channel-wise on
/// points, whose grid is a single position). An act-norm precedes every coupling when <see cref="ActNorm"/> is set.
/// The defaults are the Fashion-MNIST flow; <see cref="Toy"/> is the 2-D one.
/// </summary>
public sealed record RealNvpConfig
{
    /// <summary>The data's shape [C, H, W]: [1, 28, 28] for the images, [2, 1, 1] for 2-D points.</summary>
    public long[] Shape { get; init; } = [1, 28, 28];

    /// <summary>Images (dequantized and logit-transformed) or continuous points.</summary>
    public FlowInput Input { get; init; } = FlowInput.Pixels;

    /// <summary>Squeeze-and-split scales; H and W must be divisible by 2^Levels.</summary>
    public int Levels { get; init; } = 2;

    /// <summary>Couplings before and after the squeeze of every scale (their masks alternate parity).</summary>
    public int CouplingsPerStage { get; init; } = 3;

    /// <summary>Couplings after the last scale.</summary>
    public int FinalCouplings { get; init; } = 4;

    /// <summary>Channels of each coupling's conditioner network.</summary>
    public int Hidden { get; init; } = 16;

    /// <summary>Residual blocks of each conditioner network.</summary>
    public int Blocks { get; init; } = 1;

    /// <summary>Kernel of the conditioners' convolutions (3 on images, 1 on points: an MLP).</summary>
    public int Kernel { get; init; } = 3;

    /// <summary>α of the logit transform y = logit(α + (1 − 2α)x) (RealNVP uses 0.05).</summary>
    public double LogitAlpha { get; init; } = 0.05;

    /// <summary>An act-norm before every coupling.</summary>
    public bool ActNorm { get; init; } = true;

    /// <summary>The 2-D toy flow: 8 channel-wise couplings of [2, 1, 1] points with MLP conditioners.</summary>
    public static RealNvpConfig Toy { get; } = new()
    {
        Shape = [2, 1, 1], Input = FlowInput.Points, Levels = 0, FinalCouplings = 8, Hidden = 64, Blocks = 2, Kernel = 1,
    };

    /// <summary>D: the values of one datum (and of z).</summary>
    [JsonIgnore]
    public long Dimensions => Shape.Aggregate(1L, (a, d) => a * d);

    public string ToJson() => ModelJson.Write(this);

    public static RealNvpConfig FromJson(string json) => ModelJson.Read<RealNvpConfig>(json, "RealNVP", c => c.Validate());

    public void Validate()
    {
        if (Shape is not { Length: 3 } || Shape.Any(d => d <= 0))
            throw new ArgumentException($"the flow's shape must be [C, H, W] of positive sizes, got [{string.Join(", ", Shape ?? [])}]");
        if (Levels < 0 || CouplingsPerStage < 0 || FinalCouplings < 0 || Levels * CouplingsPerStage + FinalCouplings == 0)
            throw new ArgumentException($"the flow needs at least one coupling and no negative counts (levels {Levels}, couplings per stage {CouplingsPerStage}, final {FinalCouplings})");
        var factor = 1L << Levels;
        if (Shape[1] % factor != 0 || Shape[2] % factor != 0)
            throw new ArgumentException($"{Levels} squeeze levels need a height and width divisible by {factor}, got {Shape[1]}×{Shape[2]}: pass fewer --levels");
        if (Shape[1] * Shape[2] / (factor * factor) == 1 && Shape[0] << (2 * Levels) < 2)
            throw new ArgumentException("a flow of a single value cannot be split into coupled halves: give data of at least two values");
        if (Hidden <= 0 || Blocks < 0 || Kernel <= 0 || Kernel % 2 == 0)
            throw new ArgumentException($"the conditioners need positive hidden channels, no negative block count and an odd kernel (hidden {Hidden}, blocks {Blocks}, kernel {Kernel})");
        // α = 0 takes the logit of a dequantized 0 or of a float-rounded 1: an infinite density.
        if (Input == FlowInput.Pixels && !(LogitAlpha is > 0 and < 0.5))
            throw new ArgumentException($"the logit transform's α must lie in (0, 0.5), got {LogitAlpha}: RealNVP uses 0.05");
    }

    /// <summary>The flow's path from x to z (every act-norm, coupling, squeeze and split, in order).</summary>
    public IReadOnlyList<FlowStep> Steps()
    {
        var steps = new List<FlowStep>();
        var shape = Shape;
        var (norms, couplings) = (0, 0);
        void Couplings(int count, CouplingMask mask)
        {
            for (var k = 0; k < count; k++)
            {
                if (ActNorm) steps.Add(new FlowStep(FlowStepKind.ActNorm, shape, Module: norms++));
                steps.Add(new FlowStep(FlowStepKind.Coupling, shape, mask, k % 2, couplings++));
            }
        }
        void Add(FlowStepKind kind)
        {
            var step = new FlowStep(kind, shape);
            steps.Add(step);
            shape = step.OutputShape;
        }
        for (var level = 0; level < Levels; level++)
        {
            Couplings(CouplingsPerStage, CouplingMask.Checkerboard);
            Add(FlowStepKind.Squeeze);
            Couplings(CouplingsPerStage, CouplingMask.Channel);
            Add(FlowStepKind.Split);
        }
        Couplings(FinalCouplings, shape[1] * shape[2] == 1 ? CouplingMask.Channel : CouplingMask.Checkerboard);
        return steps;
    }
}
