using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// PixelCNN's incremental form (after Ramachandran et al. 2017, "Fast generation for convolutional autoregressive models"):
/// one pixel per call. The runtime caches the input of every masked convolution (the image, then each block's h-channel
/// input) and passes, for the pixel to generate, the k×k neighbourhood of each cache flattened into "patches"
/// [N, Σ C·k·k] (layer after layer, channel-major; zero at the pixel and after it). The step returns the pixel's logits
/// [N, K] and "centres" [N, Σ h]: each block's masked-convolution input at that pixel, for the caches. Its work per pixel
/// is that of one output position of every layer, instead of the whole image.
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
        Tensor Patch(CachedLayer layer)
        {
            var size = (long)layer.Channels * layer.Kernel * layer.Kernel;
            var patch = patches.narrow(1, offset, size).reshape(n, layer.Channels, layer.Kernel, layer.Kernel);
            offset += size;
            return patch;
        }
        var h = model.First.OnPatch(model.PatchInput(Patch(layers[0])));      // [N, 2h, 1, 1]
        var centres = new List<Tensor>();
        for (var b = 0; b < model.Blocks.Count; b++)
        {
            (h, var centre) = model.Blocks[b].Step(h, Patch(layers[b + 1]), label);
            centres.Add(centre.reshape(n, -1));
        }
        return (model.Head.call(h).reshape(n, model.Categories), cat(centres, 1));
    }

    /// <summary>
    /// The same function on 2-D rows throughout: each patch stays flat [N, C·k·k], every convolution at the pixel is a Gemm
    /// (<see cref="MaskedConv2d.ExportOnFlatPatch"/>, <see cref="PixelGemm"/>), and no value is reshaped to [N, C, 1, 1].
    /// </summary>
    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) => graph.Within(model, () =>
    {
        var (patches, label) = (inputs[0], inputs.Length > 1 ? inputs[1] : null);
        var layers = model.CachedLayers;
        var offset = 0L;
        OnnxValue Patch(CachedLayer layer)                                                           // [N, C·k·k]
        {
            var size = (long)layer.Channels * layer.Kernel * layer.Kernel;
            var slice = graph.Node("Slice", [patches.Name, graph.Constant("starts", offset), graph.Constant("ends", offset + size), graph.Constant("axes", 1)],
                                   patches.RequireExample().narrow(1, offset, size));
            offset += size;
            return slice;
        }
        var firstPatch = model.OneHotInput ? Patch(layers[0]) : model.ScaledInput(graph, Patch(layers[0]));
        var h = graph.Within(model.First, () => model.First.ExportOnFlatPatch(graph, firstPatch, null));        // [N, 2h]
        var centres = new List<OnnxValue>();
        for (var b = 0; b < model.Blocks.Count; b++)
        {
            var block = model.Blocks[b];
            var patch = Patch(layers[b + 1]);
            (h, var centre) = model.WithinBlock(graph, block, () => block.ExportStep(graph, h, patch, label));
            centres.Add(centre);
        }
        return new[] { model.ExportHeadAtPixel(graph, h), graph.Concat(1, centres.ToArray()) };
    });
}
