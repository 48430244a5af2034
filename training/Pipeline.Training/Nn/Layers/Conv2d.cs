using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>2-D convolution: [N, InChannels, H, W] → [N, OutChannels, H', W'].</summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    public Conv2d(long inChannels, long outChannels, Pair kernelSize, Pair stride = default, Pair padding = default,
        Pair dilation = default, long groups = 1, bool bias = true, Generator? generator = null)
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"channels ({inChannels} in, {outChannels} out) must be divisible by groups ({groups})");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride.OrOne;
        Padding = padding;
        Dilation = dilation.OrOne;
        Groups = groups;
        Weight = RegisterParameter("weight", Torch.Empty(new[] { outChannels, inChannels / groups, kernelSize.H, kernelSize.W }));
        Bias = bias ? RegisterParameter("bias", Torch.Empty(new[] { outChannels })) : null;
        Init.DefaultLayer(Weight, Bias, generator);
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public Pair KernelSize { get; }
    public Pair Stride { get; }
    public Pair Padding { get; }
    public Pair Dilation { get; }
    public long Groups { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
}
