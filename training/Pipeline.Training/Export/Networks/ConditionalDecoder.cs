using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Export.Networks;

/// <summary>
/// A conditional VAE's exported decoder: latent [N, Z], label [N, C] → image sigmoid(decoder([z, c])) [N, 1, S, S].
/// Shares the model's layers and their state-dict names.
/// </summary>
public sealed class ConditionalDecoder : nn.Module<Tensor, Tensor, Tensor>, IOnnxExportModule
{
    private readonly Sequential decoder;
    private readonly Sigmoid sigmoid = nn.Sigmoid();
    private readonly Unflatten unflatten;

    public ConditionalDecoder(Sequential decoder, long side) : base(nameof(ConditionalDecoder))
    {
        this.decoder = decoder;
        unflatten = nn.Unflatten(1, [1, side, side]);
        RegisterComponents();
    }

    public override Tensor forward(Tensor latent, Tensor label) => unflatten.call(sigmoid.call(decoder.call(cat([latent, label], 1))));

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) =>
        [graph.Apply(unflatten, graph.Apply(sigmoid, graph.Apply(decoder, graph.Concat(1, inputs[0], inputs[1]))))];
}
