using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>x·σ(x) (swish).</summary>
public sealed class Silu : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input.Silu();
}
