using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// Centring for a linear autoencoder: x − μ (<see cref="Remove"/>) or z + μ (restore), with μ [N] the training images'
/// mean, a persistent buffer (so the checkpoint and the export carry it) set once by <see cref="Set"/> before training.
/// </summary>
public sealed class MeanShift : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    private readonly Tensor mean;

    public MeanShift(long size, bool remove) : base(nameof(MeanShift))
    {
        Remove = remove;
        mean = zeros(size);
        RegisterComponents();
    }

    /// <summary>True: x − μ; false: x + μ.</summary>
    public bool Remove { get; }

    /// <summary>μ [N].</summary>
    public Tensor Mean => mean;

    /// <summary>Sets μ (values per pixel, in the model's pixel scale).</summary>
    public void Set(ReadOnlySpan<float> values)
    {
        if (values.Length != mean.shape[0]) throw new ArgumentException($"the mean has {mean.shape[0]} values, got {values.Length}");
        using var noGrad = no_grad();
        using var source = tensor(values.ToArray());
        mean.copy_(source);
    }

    public override Tensor forward(Tensor x) => Remove ? x - mean : x + mean;

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) =>
        [Remove ? graph.Sub(inputs[0], graph.ParameterValue(mean)) : graph.Add(inputs[0], graph.ParameterValue(mean))];
}
