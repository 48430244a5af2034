using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Softmax along a dimension.</summary>
public sealed class Softmax : Module<Tensor, Tensor>
{
    public Softmax(int dim) => Dim = dim;

    public int Dim { get; }

    public override Tensor Forward(Tensor input) => Functional.Softmax(input, Dim);
}
