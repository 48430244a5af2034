using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>log(1 + e^(βx))/β (linear above the threshold).</summary>
public sealed class Softplus : Module<Tensor, Tensor>
{
    public Softplus(double beta = 1, double threshold = 20)
    {
        Beta = beta;
        Threshold = threshold;
    }

    public double Beta { get; }
    public double Threshold { get; }

    public override Tensor Forward(Tensor input) => Functional.Softplus(input, Beta, Threshold);
}
