using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// A fully connected layer whose weight is multiplied by a fixed 0/1 mask: y = x (W ⊙ M)ᵀ + b (MADE's masked layers,
/// FVSBN's triangular one). The mask is a buffer [out, in], saved with the weights.
/// </summary>
public sealed class MaskedLinear : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor mask;

    public MaskedLinear(Tensor mask) : base(nameof(MaskedLinear))
    {
        if (mask.dim() != 2) throw new ArgumentException($"a linear mask is [out, in], got [{string.Join(", ", mask.shape)}]");
        var (outputs, inputs) = (mask.shape[0], mask.shape[1]);
        using (var layer = nn.Linear(inputs, outputs))
        {
            // PyTorch's default initialization, then the masked weights, so unconnected inputs start (and stay) at zero.
            weight = new Parameter(layer.weight!.detach().mul(mask));
            bias = new Parameter(layer.bias!.detach().clone());
        }
        this.mask = mask.to(ScalarType.Float32).detach().clone();
        RegisterComponents();
    }

    public long InputSize => mask.shape[1];

    public long OutputSize => mask.shape[0];

    /// <summary>The 0/1 mask [out, in].</summary>
    public Tensor Mask => mask;

    public override Tensor forward(Tensor x) => nn.functional.linear(x, weight * mask, bias);

    /// <summary>The layer with another mask [out, in] (a MADE ensemble's other masks share the weights).</summary>
    public Tensor Forward(Tensor x, Tensor otherMask) => nn.functional.linear(x, weight * otherMask, bias);

    internal Parameter Weight => weight;
    internal Parameter Bias => bias;

    /// <summary>Gemm with the masked weight W ⊙ M as the initializer named by the weight's state-dict name (the mask itself is not exported).</summary>
    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        using var masked = (weight * mask).detach();
        return [graph.Node("Gemm", [inputs[0].Name, graph.Constant("weight", masked), graph.Parameter(bias)], null, OnnxNodeAttribute.Int("transB", 1))];
    }
}
