using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// PixelCNN's incremental form (after Ramachandran et al. 2017, "Fast generation for convolutional autoregressive models"):
/// one pixel per call. The runtime caches the input of every masked convolution (the image, then each block's h-channel
/// input) and passes, for the pixel to generate, the part of each cache's k×k neighbourhood that can be non-zero: the
/// k/2 rows above the pixel and the k/2 pixels left of it, R = k/2·k + k/2 neighbours in raster order, each with its C
/// channels ("patches" [N, Σ R·C], layer after layer, channel-last: the order of the runtime's channel-last caches, so
/// its copy is contiguous runs). The step returns the pixel's logits [N, K] and "centres" [N, Σ h]: each block's
/// masked-convolution input at that pixel, for the caches. Its work per pixel is that of one output position of every
/// layer, instead of the whole image. Packages exported before the row form (<see cref="PixelCnnRows"/>,
/// <see cref="PixelCnnRowStep"/>) carry it; the exporter writes it now only to check an upgrade (<see cref="PixelCnn.CausalStepNetwork"/>).
/// </summary>
public sealed class PixelCnnStep : nn.Module<Tensor, Tensor?, (Tensor, Tensor)>, IOnnxExportModule
{
    private readonly PixelCnn model;

    public PixelCnnStep(PixelCnn model) : base(nameof(PixelCnnStep))
    {
        this.model = model;
        RegisterComponents();
    }

    public override (Tensor, Tensor) forward(Tensor patches, Tensor? label)
    {
        var layers = model.CachedLayers;
        var n = patches.shape[0];
        var offset = 0L;
        Tensor Patch(CachedLayer layer)                                     // the whole neighbourhood, zero from the centre on: [N, C, k, k]
        {
            var (k, causal) = (layer.Kernel, patches.narrow(1, offset, layer.PatchSize).reshape(n, layer.CausalNeighbours, layer.Channels));
            offset += layer.PatchSize;
            return F.pad(causal, [0, 0, 0, k * k - layer.CausalNeighbours]).reshape(n, k, k, layer.Channels).permute(0, 3, 1, 2);
        }
        var h = model.First.OnPatch(model.PatchInput(Patch(layers[0])));      // [N, 2h, 1, 1]
        var centres = new List<Tensor>();
        for (var b = 0; b < model.Blocks.Count; b++)
        {
            var (block, patch) = (model.Blocks[b], Patch(layers[b + 1]));
            var pad = block.Masked.Kernel / 2;
            // The neighbourhood with its centre.
            (h, var centre) = block.Step(h, c => block.Masked.OnPatch(patch + F.pad(c, [pad, pad, pad, pad])), label);
            centres.Add(centre.reshape(n, -1));
        }
        return (model.Head.call(h).reshape(n, model.Categories), cat(centres, 1));
    }

    /// <summary>
    /// The same function on 2-D rows throughout: each patch stays flat [N, R·C], every convolution at the pixel is a Gemm
    /// (<see cref="MaskedConv2d.ExportOnCausalPatch"/>, <see cref="PixelGemm"/>), and no value is reshaped to [N, C, 1, 1].
    /// </summary>
    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) => graph.Within(model, () =>
    {
        var (patches, label) = (inputs[0], inputs.Length > 1 ? inputs[1] : null);
        var layers = model.CachedLayers;
        var offset = 0L;
        OnnxValue Patch(CachedLayer layer)                                                           // [N, R·C]
        {
            var slice = graph.Node("Slice", [patches.Name, graph.Constant("starts", offset), graph.Constant("ends", offset + layer.PatchSize), graph.Constant("axes", 1)],
                                   patches.RequireExample().narrow(1, offset, layer.PatchSize));
            offset += layer.PatchSize;
            return slice;
        }
        var firstPatch = model.ExportPatchInput(graph, Patch(layers[0]));
        var h = graph.Within(model.First, () => model.First.ExportOnCausalPatch(graph, firstPatch, null));      // [N, 2h]
        var centres = new List<OnnxValue>();
        for (var b = 0; b < model.Blocks.Count; b++)
        {
            var block = model.Blocks[b];
            var patch = Patch(layers[b + 1]);
            (h, var centre) = model.WithinBlock(graph, block, () => block.ExportStep(graph, h, c => block.Masked.ExportOnCausalPatch(graph, patch, c), label));
            centres.Add(centre);
        }
        return new[] { model.ExportHeadAtPixel(graph, h), graph.Concat(1, centres.ToArray()) };
    });
}
