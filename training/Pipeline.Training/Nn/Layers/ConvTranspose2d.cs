using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Transposed 2-D convolution (learned upsampling): [N, InChannels, H, W] → [N, OutChannels, H', W'].</summary>
public sealed class ConvTranspose2d : Module<Tensor, Tensor>, IOnnxExportable
{
    public ConvTranspose2d(long inChannels, long outChannels, Pair kernelSize, Pair stride = default, Pair padding = default,
        Pair outputPadding = default, Pair dilation = default, long groups = 1, bool bias = true, Generator? generator = null)
    {
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"channels ({inChannels} in, {outChannels} out) must be divisible by groups ({groups})");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride.OrOne;
        Padding = padding;
        OutputPadding = outputPadding;
        Dilation = dilation.OrOne;
        Groups = groups;
        Weight = RegisterParameter("weight", Torch.Empty(new[] { inChannels, outChannels / groups, kernelSize.H, kernelSize.W }));
        Bias = bias ? RegisterParameter("bias", Torch.Empty(new[] { outChannels })) : null;
        Init.DefaultLayer(Weight, Bias, generator);
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public Pair KernelSize { get; }
    public Pair Stride { get; }
    public Pair Padding { get; }
    public Pair OutputPadding { get; }
    public Pair Dilation { get; }
    public long Groups { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) =>
        Functional.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding, Dilation, Groups);

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var shape = graph.ShapeOf(input);
        long Out(long size, long k, long s, long p, long d, long o) => (size - 1) * s - 2 * p + d * (k - 1) + o + 1;
        var output = new[]
        {
            shape[0], OutChannels, Out(shape[2], KernelSize.H, Stride.H, Padding.H, Dilation.H, OutputPadding.H),
            Out(shape[3], KernelSize.W, Stride.W, Padding.W, Dilation.W, OutputPadding.W),
        };
        var inputs = new List<string> { input, graph.Parameter("weight", Weight) };
        if (Bias is not null) inputs.Add(graph.Parameter("bias", Bias));
        return graph.Node("ConvTranspose", inputs, output, attributes: new[]
        {
            OnnxAttribute.Ints("kernel_shape", KernelSize.H, KernelSize.W), OnnxAttribute.Ints("strides", Stride.H, Stride.W),
            OnnxAttribute.Ints("pads", Padding.H, Padding.W, Padding.H, Padding.W), OnnxAttribute.Ints("dilations", Dilation.H, Dilation.W),
            OnnxAttribute.Ints("output_padding", OutputPadding.H, OutputPadding.W), OnnxAttribute.Int("group", Groups),
        });
    }
}
