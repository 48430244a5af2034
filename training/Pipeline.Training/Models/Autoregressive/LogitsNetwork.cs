using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>The exported "logits" network of an unconditional autoregressive model: image → logits [N, D, K].</summary>
public sealed class LogitsNetwork : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    private readonly AutoregressiveModel model;

    public LogitsNetwork(AutoregressiveModel model) : base(nameof(LogitsNetwork))
    {
        this.model = model;
        RegisterComponents();
    }

    public override Tensor forward(Tensor image) => model.Logits(image);

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) =>
        graph.Apply(model, () => [forward(inputs[0].RequireExample())], inputs);
}
