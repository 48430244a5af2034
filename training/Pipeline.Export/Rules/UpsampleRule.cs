using TorchSharp;
using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// Upsample: an ONNX Resize. Nearest is PyTorch's legacy nearest (asymmetric coordinates, floor); the linear modes use
/// half-pixel coordinates, or align_corners when set. The target comes from scale_factor (as the size floor(in·factor)
/// when recompute_scale_factor is set), or else from size.
/// </summary>
internal sealed class UpsampleRule : OnnxExportRule<Upsample>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Upsample module, OnnxValue input)
    {
        var spatial = input.Rank - 2;
        var (mode, coordinates) = module.mode switch
        {
            torch.UpsampleMode.Nearest => ("nearest", "asymmetric"),
            torch.UpsampleMode.Linear or torch.UpsampleMode.Bilinear or torch.UpsampleMode.Trilinear =>
                ("linear", module.align_corners == true ? "align_corners" : "pytorch_half_pixel"),
            torch.UpsampleMode.Bicubic => ("cubic", module.align_corners == true ? "align_corners" : "pytorch_half_pixel"),
            _ => throw new OnnxExportException($"Upsample mode {module.mode} at '{graph.Path}' has no ONNX Resize equivalent."),
        };
        var attributes = new List<OnnxNodeAttribute> { OnnxNodeAttribute.String("mode", mode), OnnxNodeAttribute.String("coordinate_transformation_mode", coordinates) };
        if (mode == "nearest") attributes.Add(OnnxNodeAttribute.String("nearest_mode", "floor"));
        if (mode == "cubic") attributes.Add(OnnxNodeAttribute.Float("cubic_coeff_a", -0.75));

        string target;
        OnnxValue? shape = null;
        if (!module.scale_factor.IsEmpty)
        {
            var factors = module.scale_factor.ToArray();
            var each = factors.Length == 1 ? Enumerable.Repeat(factors[0], spatial).ToArray() : factors;
            if (module.recompute_scale_factor != true)
            {
                var scales = graph.Constant("scales", [1f, 1f, .. each.Select(f => (float)f)], spatial + 2);
                return graph.Node("Resize", [input.Name, "", scales], null, [.. attributes]);
            }
            // recompute_scale_factor: the output is floor(in·factor) and the coordinates map by out/in, as Resize does with sizes.
            shape = graph.Node("Shape", [input.Name], null);
            var spatialSizes = graph.Node("Slice", [shape.Name, graph.Constant("spatial_start", 2), graph.Constant("spatial_end", 2 + spatial)], null);
            var scaled = graph.Node("Mul", [graph.Node("Cast", [spatialSizes.Name], null, OnnxNodeAttribute.Int("to", 1)).Name,
                                            graph.Constant("factors", each.Select(f => (float)f).ToArray(), spatial)], null);
            target = graph.Node("Cast", [graph.Node("Floor", [scaled.Name], null).Name], null, OnnxNodeAttribute.Int("to", 7)).Name;
        }
        else
        {
            var size = module.size.ToArray();
            target = graph.Constant("size", size.Length == 1 ? Enumerable.Repeat(size[0], spatial).ToArray() : size);
        }
        shape ??= graph.Node("Shape", [input.Name], null);
        var batchAndChannels = graph.Node("Slice", [shape.Name, graph.Constant("start", 0), graph.Constant("end", 2)], null);
        var sizes = graph.Node("Concat", [batchAndChannels.Name, target], null, OnnxNodeAttribute.Int("axis", 0));
        return graph.Node("Resize", [input.Name, "", "", sizes.Name], null, [.. attributes]);
    }
}
