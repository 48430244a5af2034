using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Splits the last dimension into Shape: [N, C·H·W] → [N, C, H, W].</summary>
public sealed class Unflatten : Module<Tensor, Tensor>
{
    public Unflatten(params long[] shape) => Shape = shape;

    public long[] Shape { get; }

    public override Tensor Forward(Tensor input) => input.Reshape(new[] { input.Size(0) }.Concat(Shape).ToArray());
}
