using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>max(x, 0).</summary>
public sealed class Relu : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input.Relu();
}
