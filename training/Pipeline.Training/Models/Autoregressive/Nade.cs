using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// NADE (Larochelle and Murray 2011; seed 001): every conditional is an MLP with the weights W shared,
/// hᵢ = σ(aᵢ), p(xᵢ = 1 | x_&lt;i) = σ(V_i · hᵢ + bᵢ), with the seed's recursion a₁ = c, a_{i+1} = aᵢ + W_{:,i} xᵢ: O(DH)
/// for all D conditionals. W and V are stored [D, H] (row i is W_{:,i}, V_i). Raster order, binarized pixels.
/// The step network is the recursion itself: O(H) per pixel.
/// </summary>
public sealed class Nade : AutoregressiveModel
{
    public const string Kind = "nade";

    private readonly Parameter w;    // [D, H]
    private readonly Parameter c;    // [H]
    private readonly Parameter v;    // [D, H]
    private readonly Parameter b;    // [D]

    public Nade(NadeConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        var (size, hidden) = (config.ImageSize * config.ImageSize, config.HiddenSize);
        // PyTorch's Linear initialization: U(−1/√fan_in, 1/√fan_in), fan_in D for W and H for V.
        w = new Parameter(Uniform([size, hidden], 1 / Math.Sqrt(size)));
        c = new Parameter(Uniform([hidden], 1 / Math.Sqrt(size)));
        v = new Parameter(Uniform([size, hidden], 1 / Math.Sqrt(hidden)));
        b = new Parameter(Uniform([size], 1 / Math.Sqrt(hidden)));
        RegisterComponents();
    }

    public NadeConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    public override int Categories => 2;

    public override int ImageSize => Config.ImageSize;

    public override IncrementalForm Incremental => IncrementalForm.Nade;

    public override int StateSize => Config.HiddenSize;

    internal Parameter W => w;
    internal Parameter C => c;
    internal Parameter V => v;
    internal Parameter B => b;

    public override Tensor Logits(Tensor x, Tensor? labels = null)
    {
        var flat = x.reshape(x.shape[0], Size, 1);                 // [N, D, 1]
        var terms = flat * w;                                       // W_{:,j} x_j, [N, D, H]
        var a = terms.cumsum(1) - terms + c;                        // aᵢ = c + Σ_{j<i} W_{:,j} x_j, [N, D, H]
        var logit = (a.sigmoid() * v).sum(2) + b;                   // V_i · σ(aᵢ) + bᵢ, [N, D]
        return BernoulliLogits(logit);
    }

    public override OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var flat = graph.Reshape(inputs[0], 0, Size, 1);
        var terms = graph.Mul(flat, graph.ParameterValue(w));
        var termsExample = terms.RequireExample();
        var exclusive = graph.Node("CumSum", [terms.Name, graph.Constant("axis", tensor(1L))], termsExample.cumsum(1) - termsExample,
                                   OnnxNodeAttribute.Int("exclusive", 1));
        var h = graph.Unary("Sigmoid", graph.Add(exclusive, graph.ParameterValue(c)), sigmoid);
        var weighted = graph.Mul(h, graph.ParameterValue(v));
        return [BernoulliLogits(graph, graph.Add(graph.Sum(weighted, 2), graph.ParameterValue(b)))];
    }

    protected override IEnumerable<ExportableNetwork> ExtraNetworks() => [new()
    {
        Role = "step",
        Inputs = [new NetworkInput("state", [-1, StateSize]), new NetworkInput("step", [-1, 3], InputValues.Index, Size)],
        Outputs = ["logits", "next_state"],
        Module = new NadeStep(this),
    }];

    private static Tensor Uniform(long[] shape, double bound) => (rand(shape) * 2 - 1) * bound;
}
