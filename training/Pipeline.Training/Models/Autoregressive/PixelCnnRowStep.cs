using Pipeline.Export;
using Pipeline.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// The "step" network of PixelCNN's row form (<see cref="IncrementalForm.RowPixelCnn"/>): one pixel through every layer.
/// Each masked convolution at the pixel is what the rows above gave (<see cref="PixelCnnRows"/>'s above_l [N, out]) plus
/// its taps on the p pixels left of it, left_l,j [N, C] (j &lt; p), and, after the first, on its own input at the pixel
/// (the centre, computed here from the layer below). Inputs: above_0 … above_B, then the left pixels layer after layer,
/// then the label; outputs: the logits [N, K] and centre_1 … centre_B [N, h], which the runtime's caches keep.
/// </summary>
public sealed class PixelCnnRowStep : nn.Module<Tensor[], Tensor[]>, IOnnxExportModule
{
    private readonly PixelCnn model;

    public PixelCnnRowStep(PixelCnn model) : base(nameof(PixelCnnRowStep))
    {
        this.model = model;
        RegisterComponents();
    }

    public static IEnumerable<NetworkInput> Inputs(PixelCnn model)
    {
        var layers = model.CachedLayers;
        var above = model.MaskedConvolutions.Select((c, l) => new NetworkInput(RowPixelCnnContract.Above(l), [-1, c.OutputChannels]));
        var left = layers.SelectMany((layer, l) => RowPixelCnnContract.LeftPixels(l, layer.Kernel).Select(t => model.CachedInput(t.Name, l)));
        var label = model.ClassCount is int classes ? [new NetworkInput("label", [-1, classes], InputValues.OneHot)] : Array.Empty<NetworkInput>();
        return above.Concat(left).Concat(label);
    }

    public static IEnumerable<string> Outputs(PixelCnn model) =>
        model.CachedLayers.Skip(1).Select((_, b) => RowPixelCnnContract.Centre(b + 1)).Prepend("logits");

    public override Tensor[] forward(Tensor[] inputs)
    {
        var (above, left, label) = Split(inputs, values => cat(values, 1));
        var n = above[0].shape[0];
        var h = model.First.AtPixel(above[0], model.PatchInput(left[0]), null).reshape(n, -1, 1, 1);      // [N, 2h, 1, 1]
        var centres = new List<Tensor>();
        for (var b = 0; b < model.Blocks.Count; b++)
        {
            var masked = model.Blocks[b].Masked;
            (h, var centre) = model.Blocks[b].Step(h, c => masked.AtPixel(above[b + 1], left[b + 1], c.flatten(1)).reshape(n, -1, 1, 1), label);
            centres.Add(centre.flatten(1));
        }
        return centres.Prepend(model.Head.call(h).reshape(n, model.Categories)).ToArray();
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) => graph.Within(model, () =>
    {
        var (above, left, label) = Split(inputs, values => values.Length == 1 ? values[0] : graph.Concat(1, values));
        var first = model.ExportPatchInput(graph, left[0]);
        var h = graph.Within(model.First, () => model.First.ExportAtPixel(graph, above[0], first, null));     // [N, 2h]
        var centres = new List<OnnxValue>();
        for (var b = 0; b < model.Blocks.Count; b++)
        {
            var block = model.Blocks[b];
            (h, var centre) = model.WithinBlock(graph, block, () => block.ExportStep(graph, h, c => block.Masked.ExportAtPixel(graph, above[b + 1], left[b + 1], c), label));
            centres.Add(centre);
        }
        return centres.Prepend(model.ExportHeadAtPixel(graph, h)).ToArray();
    });

    /// <summary>The inputs as (above per layer, the left pixels per layer joined by <paramref name="join"/> [N, p·C], the label or null).</summary>
    private (T[] Above, T[] Left, T? Label) Split<T>(T[] inputs, Func<T[], T> join) where T : class
    {
        var layers = model.CachedLayers.Count;
        var left = model.InputsPerLayer(layers, layer => RowPixelCnnContract.LeftPixels(0, layer.Kernel).Count()).ToArray();
        var end = left[^1].End.Value;
        return (inputs[..layers], left.Select(range => join(inputs[range])).ToArray(), end < inputs.Length ? inputs[end] : null);
    }
}
