using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>y = x·Wᵀ + b; x: [..., InFeatures] → [..., OutFeatures].</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Linear(long inFeatures, long outFeatures, bool bias = true, Generator? generator = null)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Torch.Empty(new[] { outFeatures, inFeatures }));
        Bias = bias ? RegisterParameter("bias", Torch.Empty(new[] { outFeatures })) : null;
        Init.DefaultLayer(Weight, Bias, generator);
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);
}
