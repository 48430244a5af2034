using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// MADE (Germain et al. 2015; seed 001, "Comment rendre un autoencodeur autorégressif ?"): an MLP z = f(b + (W ⊙ M^W) x),
/// x̂ = σ(c + (V ⊙ M^V) z) whose masks leave no path from x_{≥i} to x̂_i. Each hidden unit k of layer l gets a degree
/// m^l(k); hidden masks connect k to k' iff m^l(k) ≥ m^(l−1)(k'), the output mask connects output d to k iff
/// m⁰(d) &gt; m^L(k). One forward pass gives all D conditionals; binarized pixels. With an ensemble of M masks
/// (<see cref="MadeConfig.Masks"/>), each training step uses one mask drawn at random and the likelihood is the mixture's.
/// </summary>
public sealed class Made : AutoregressiveModel
{
    public const string Kind = "made";

    private readonly Sequential layers;
    private readonly MadeMask[] masks;
    private readonly Tensor[][] ensembleMasks;     // masks 1..M−1 of every layer, built once (not parameters: not saved)
    private readonly MaskedLinear[] linears;        // the layers of `layers`, in order

    public Made(MadeConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        masks = Enumerable.Range(0, config.Masks).Select(m => MadeMask.Create(config, m)).ToArray();
        layers = nn.Sequential();
        var layerMasks = masks[0].LayerMasks().ToList();
        for (var i = 0; i < layerMasks.Count; i++)
        {
            layers.append(new MaskedLinear(layerMasks[i]));
            if (i + 1 < layerMasks.Count) layers.append(nn.ReLU());
        }
        linears = layers.children().OfType<MaskedLinear>().ToArray();
        ensembleMasks = masks.Skip(1).Select(m => m.LayerMasks().ToArray()).ToArray();
        RegisterComponents();
    }

    public MadeConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    public override int Categories => 2;

    public override int ImageSize => Config.ImageSize;

    /// <summary>Mask 0's order: the one the runtime samples in.</summary>
    public override IReadOnlyList<int> Order => masks[0].Order;

    /// <summary>The ensemble's masks (one for a single-mask MADE).</summary>
    public IReadOnlyList<MadeMask> Masks => masks;

    internal Sequential Layers => layers;

    internal IReadOnlyList<MaskedLinear> Linears => linears;

    /// <summary>The logits under mask 0.</summary>
    public override Tensor Logits(Tensor x, Tensor? labels = null) =>
        BernoulliLogits(layers.call(x.reshape(x.shape[0], Size)));               // [N, D] → [N, D, 2]

    /// <summary>The logits under mask <paramref name="mask"/> of the ensemble (the same weights, that mask's connectivity).</summary>
    public Tensor Logits(Tensor x, int mask)
    {
        if (mask == 0) return Logits(x);
        var h = x.reshape(x.shape[0], Size);
        var layerMasks = ensembleMasks[mask - 1];
        for (var i = 0; i < linears.Length; i++)
        {
            var connectivity = layerMasks[i].device == h.device ? layerMasks[i] : layerMasks[i].to(h.device);
            h = linears[i].Forward(h, connectivity);
            if (i + 1 < linears.Length) h = nn.functional.relu(h);
        }
        return BernoulliLogits(h);
    }

    /// <summary>−log p(x) of the mixture (1/M) Σ_m p_m(x): −(logsumexp_m log p_m(x) − log M); a single mask's own.</summary>
    public override Tensor NegativeLogLikelihood(Tensor x, Tensor? labels = null)
    {
        if (masks.Length == 1) return base.NegativeLogLikelihood(x, labels);
        var perMask = stack(Enumerable.Range(0, masks.Length).Select(m => -CrossEntropy(Logits(x, m), x)).ToArray(), 1);   // [N, M]
        return -(perMask.logsumexp(1) - Math.Log(masks.Length));
    }

    /// <summary>The mean −log p_m(x) under one mask m of the ensemble, drawn from <paramref name="noise"/> at each step.</summary>
    public override LossTerms Loss(Batch batch, Generator noise)
    {
        if (masks.Length == 1) return base.Loss(batch, noise);
        var mask = (int)Noise.RandInt(0, masks.Length, [1], noise, CPU).item<long>();
        var x = Values(batch.Images);
        return LossTerms.Single("nll", CrossEntropy(Logits(x, mask), x).mean());
    }

    public override OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) =>
        [BernoulliLogits(graph, graph.Apply(layers, graph.Reshape(inputs[0], 0, Size)))];

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (var mask in ensembleMasks.SelectMany(m => m)) mask.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>An ensemble's "ensemble" network: image → the mixture's log p(x) [N].</summary>
    protected override IEnumerable<ExportableNetwork> ExtraNetworks()
    {
        if (masks.Length == 1) yield break;
        yield return new ExportableNetwork
        {
            Role = "ensemble", Inputs = [new NetworkInput("image", [-1, 1, ImageSize, ImageSize], InputValues.Index, 2)], Outputs = ["log_likelihood"],
            Module = new MadeEnsembleNetwork(this),
        };
    }
}
