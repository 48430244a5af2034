using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// MADE (Germain et al. 2015; seed 001, "Comment rendre un autoencodeur autorégressif ?"): an MLP z = f(b + (W ⊙ M^W) x),
/// x̂ = σ(c + (V ⊙ M^V) z) whose masks leave no path from x_{≥i} to x̂_i. Each hidden unit k of layer l gets a degree
/// m^l(k); hidden masks connect k to k' iff m^l(k) ≥ m^(l−1)(k'), the output mask connects output d to k iff
/// m⁰(d) &gt; m^L(k). One forward pass gives all D conditionals; binarized pixels.
/// </summary>
public sealed class Made : AutoregressiveModel
{
    public const string Kind = "made";

    private readonly Sequential layers;
    private readonly int[] order;

    public Made(MadeConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        var size = config.ImageSize * config.ImageSize;
        order = config.ShuffledOrder ? AutoregressiveMasks.Shuffled(size, config.MaskSeed) : AutoregressiveMasks.Natural(size);
        var random = new Random(config.MaskSeed);
        var inputDegrees = AutoregressiveMasks.InputDegrees(order);
        var previous = inputDegrees;
        layers = nn.Sequential();
        foreach (var units in config.HiddenSizes)
        {
            var degrees = AutoregressiveMasks.HiddenDegrees(units, previous.Min(), size, random);
            layers.append(new MaskedLinear(AutoregressiveMasks.Hidden(degrees, previous))).append(nn.ReLU());
            previous = degrees;
        }
        layers.append(new MaskedLinear(AutoregressiveMasks.Output(inputDegrees, previous)));
        RegisterComponents();
    }

    public MadeConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    public override int Categories => 2;

    public override int ImageSize => Config.ImageSize;

    public override IReadOnlyList<int> Order => order;

    public override Tensor Logits(Tensor x, Tensor? labels = null) =>
        BernoulliLogits(layers.call(x.reshape(x.shape[0], Size)));               // [N, D] → [N, D, 2]

    public override OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) =>
        [BernoulliLogits(graph, graph.Apply(layers, graph.Reshape(inputs[0], 0, Size)))];
}
