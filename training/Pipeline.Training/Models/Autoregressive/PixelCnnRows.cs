using Pipeline.Export;
using Pipeline.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// The "rows" network of PixelCNN's row form (<see cref="IncrementalForm.RowPixelCnn"/>): for every masked convolution,
/// the part of its output at a pixel that the p = k/2 rows above give, with the bias,
///   above_l = b_l + W_l,above · [t_l,0,0, …, t_l,p−1,k−1],
/// where t_l,i,j [M, C] is the layer's input p − i rows above the pixel and j − p columns right of it. Every row of M is
/// one pixel: the runtime runs it once per image row, with M = W·N (each pixel of the row, for each item) and each tap
/// bound to its cache row shifted by j pixels, so this is the masked convolutions' work on the rows above, as a few large
/// matrix products. Layer 0's taps are the grid's values (scaled, or one-hot).
/// </summary>
public sealed class PixelCnnRows : nn.Module<Tensor[], Tensor[]>, IOnnxExportModule
{
    private readonly PixelCnn model;

    public PixelCnnRows(PixelCnn model) : base(nameof(PixelCnnRows))
    {
        this.model = model;
        RegisterComponents();
    }

    /// <summary>The inputs in order: layer after layer, the taps row after row, [M, C] each.</summary>
    public static IEnumerable<NetworkInput> Inputs(PixelCnn model) =>
        model.CachedLayers.SelectMany((layer, l) => RowPixelCnnContract.Taps(l, layer.Kernel).Select(t => model.CachedInput(t.Name, l)));

    public static IEnumerable<string> Outputs(PixelCnn model) => model.CachedLayers.Select((_, l) => RowPixelCnnContract.Above(l));

    public override Tensor[] forward(Tensor[] taps)
    {
        var (offset, above) = (0, new List<Tensor>());
        foreach (var (layer, convolution) in model.CachedLayers.Zip(model.MaskedConvolutions))
        {
            var count = layer.Kernel / 2 * layer.Kernel;
            var joined = cat(taps[offset..(offset + count)], 1);                                     // [M, p·k·C]
            above.Add(convolution.AboveRow(offset == 0 ? model.PatchInput(joined) : joined));
            offset += count;
        }
        return above.ToArray();
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) => graph.Within(model, () =>
    {
        var (offset, above) = (0, new List<OnnxValue>());
        foreach (var (layer, convolution) in model.CachedLayers.Zip(model.MaskedConvolutions))
        {
            var count = layer.Kernel / 2 * layer.Kernel;
            var joined = graph.Concat(1, inputs[offset..(offset + count)]);                                     // [M, p·k·C]
            var input = offset == 0 ? model.ExportPatchInput(graph, joined) : joined;
            above.Add(model.WithinConvolution(graph, convolution, () => convolution.ExportAboveRow(graph, input)));
            offset += count;
        }
        return above.ToArray();
    });
}
