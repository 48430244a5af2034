using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// The gated PixelCNN (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders"): vertical and
/// horizontal stacks of gated masked convolutions (<see cref="GatedPixelCnnBlock"/>) with no blind spot, class
/// conditioning through the gates' biases, then ReLU → 1×1 → ReLU → 1×1 to K logits per pixel on the horizontal stack.
/// It has no step network yet: the runtime decodes it with the whole network per pixel.
/// </summary>
public sealed class GatedPixelCnn : AutoregressiveModel
{
    public const string Kind = "gated-pixelcnn";

    private readonly ModuleList<GatedPixelCnnBlock> blocks;
    private readonly Sequential head;

    public GatedPixelCnn(GatedPixelCnnConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        var layers = new List<GatedPixelCnnBlock> { new(true, config.Channels, config.FirstKernel, config.Classes) };
        for (var b = 0; b < config.Blocks; b++) layers.Add(new GatedPixelCnnBlock(false, config.Channels, config.Kernel, config.Classes));
        blocks = nn.ModuleList(layers.ToArray());
        head = nn.Sequential(nn.ReLU(), nn.Conv2d(config.Channels, config.OutputChannels, 1), nn.ReLU(),
                             nn.Conv2d(config.OutputChannels, config.Categories, 1));
        RegisterComponents();
    }

    public GatedPixelCnnConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    public override int Categories => Config.Categories;

    public override int ImageSize => Config.ImageSize;

    public override int? ClassCount => Config.Classes > 0 ? Config.Classes : null;

    public override Tensor Logits(Tensor x, Tensor? labels = null)
    {
        var (v, h) = (Scaled(x), Scaled(x));                                          // both stacks start from the image
        foreach (var block in blocks) (v, h) = block.call(v, h, labels);
        var logits = head.call(h);                                                    // [N, K, H, W]
        return logits.reshape(logits.shape[0], Categories, Size).transpose(1, 2);     // [N, D, K]
    }

    public override OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var label = inputs.Length > 1 ? inputs[1] : null;
        var x = ScaledInput(graph, inputs[0]);
        var (v, h) = (x, x);
        foreach (var block in blocks) (v, h) = graph.Within(blocks, () => graph.Within(block, () => block.ExportForward(graph, v, h, label)));
        var logits = graph.Reshape(graph.Apply(head, h), 0, Categories, Size);
        return [graph.Transpose(logits, 0, 2, 1)];
    }
}
