using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>tanh(x).</summary>
public sealed class Tanh : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}
