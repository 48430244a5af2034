using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Export.Networks;

/// <summary>
/// A network of two inputs that its wrapped module takes side by side: (a [N, A], b [N, B]) → inner([a, b]) (a conditional
/// generator's latent and one-hot label). Shares the inner module's layers and their state-dict names.
/// </summary>
public sealed class ConcatenatedInputs : nn.Module<Tensor, Tensor, Tensor>, IOnnxExportModule
{
    private readonly nn.Module<Tensor, Tensor> inner;

    public ConcatenatedInputs(nn.Module<Tensor, Tensor> inner) : base(nameof(ConcatenatedInputs))
    {
        this.inner = inner;
        RegisterComponents();
        // A new module starts in training mode, and the exporter restores the mode it found: mirror the inner module's, so
        // exporting does not leave its batch norms in training mode.
        train(inner.training);
    }

    public override Tensor forward(Tensor first, Tensor second) => inner.call(cat([first, second], 1));

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) => [graph.Apply(inner, graph.Concat(1, inputs[0], inputs[1]))];
}
