using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>σ(x) = 1/(1 + e^−x).</summary>
public sealed class Sigmoid : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}
