using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>The exported "logits" network of a class-conditional autoregressive model: image, one-hot label → logits [N, D, K].</summary>
public sealed class ConditionalLogitsNetwork : nn.Module<Tensor, Tensor, Tensor>, IOnnxExportModule
{
    private readonly AutoregressiveModel model;

    public ConditionalLogitsNetwork(AutoregressiveModel model) : base(nameof(ConditionalLogitsNetwork))
    {
        this.model = model;
        RegisterComponents();
    }

    public override Tensor forward(Tensor image, Tensor label) => model.Logits(image, label);

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) =>
        graph.Apply(model, () => [forward(inputs[0].RequireExample(), inputs[1].RequireExample())], inputs);
}
