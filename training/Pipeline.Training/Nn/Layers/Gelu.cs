using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>x·Φ(x), exact or with the tanh approximation.</summary>
public sealed class Gelu : Module<Tensor, Tensor>
{
    public Gelu(bool tanhApproximation = false) => TanhApproximation = tanhApproximation;

    public bool TanhApproximation { get; }

    public override Tensor Forward(Tensor input) => input.Gelu(TanhApproximation);
}
