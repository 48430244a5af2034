using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>PixelShuffle(r): [N, C·r², H, W] → [N, C, H·r, W·r], ONNX DepthToSpace in its CRD order.</summary>
internal sealed class PixelShuffleRule : OnnxExportRule<PixelShuffle>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, PixelShuffle module, OnnxValue input) =>
        graph.Node("DepthToSpace", [input.Name], null, OnnxNodeAttribute.Int("blocksize", module.upscale_factor), OnnxNodeAttribute.String("mode", "CRD"));
}
