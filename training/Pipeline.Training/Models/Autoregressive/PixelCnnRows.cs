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

    public override Tensor[] forward(Tensor[] taps) =>
        TapsPerLayer().Zip(model.MaskedConvolutions).Select((layer, l) =>
        {
            var joined = cat(taps[layer.First], 1);                                                  // [M, p·k·C]
            return layer.Second.AboveRow(l == 0 ? model.PatchInput(joined) : joined);
        }).ToArray();

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) => graph.Within(model, () =>
        TapsPerLayer().Zip(model.MaskedConvolutions).Select((layer, l) =>
        {
            var joined = graph.Concat(1, inputs[layer.First]);                                       // [M, p·k·C]
            var input = l == 0 ? model.ExportPatchInput(graph, joined) : joined;
            return model.WithinConvolution(graph, layer.Second, () => layer.Second.ExportAboveRow(graph, input));
        }).ToArray());

    /// <summary>Each layer's taps among the inputs (<see cref="RowPixelCnnContract.Taps"/>: p·k of them).</summary>
    private IEnumerable<Range> TapsPerLayer() => model.InputsPerLayer(0, layer => RowPixelCnnContract.Taps(0, layer.Kernel).Count());
}
