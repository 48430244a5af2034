using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// The fully-visible sigmoid belief network (seed 001, "Cas simple"): p(x_i = 1 | x_&lt;i) = σ(α₀⁽ⁱ⁾ + Σ_{j&lt;i} α_j⁽ⁱ⁾ x_j),
/// one logistic regression per pixel in raster order, i.e. one linear layer with a strictly lower-triangular mask.
/// D(D + 1)/2 parameters in use; binarized pixels.
/// </summary>
public sealed class Fvsbn : AutoregressiveModel
{
    public const string Kind = "fvsbn";

    private readonly MaskedLinear regressions;

    public Fvsbn(FvsbnConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        regressions = new MaskedLinear(AutoregressiveMasks.StrictlyBefore(AutoregressiveMasks.Natural(config.ImageSize * config.ImageSize)));
        RegisterComponents();
    }

    public FvsbnConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    public override int Categories => 2;

    public override int ImageSize => Config.ImageSize;

    public override Tensor Logits(Tensor x, Tensor? labels = null) =>
        BernoulliLogits(regressions.call(x.reshape(x.shape[0], Size)));        // [N, D] → [N, D, 2]

    public override OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) =>
        [BernoulliLogits(graph, graph.Apply(regressions, graph.Reshape(inputs[0], 0, Size)))];
}
