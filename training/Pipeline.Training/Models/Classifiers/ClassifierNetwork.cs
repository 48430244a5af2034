using Pipeline.Export;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Classifiers;

/// <summary>The classifier's exported network: image → (logits = head(f), features f = features(image)).</summary>
public sealed class ClassifierNetwork : nn.Module<Tensor, (Tensor Logits, Tensor Features)>, IOnnxExportModule
{
    private readonly Sequential features;
    private readonly Sequential head;

    public ClassifierNetwork(Sequential features, Sequential head) : base(nameof(ClassifierNetwork))
    {
        this.features = features;
        this.head = head;
        RegisterComponents();
    }

    public override (Tensor Logits, Tensor Features) forward(Tensor image)
    {
        var f = features.call(image);
        return (head.call(f), f);
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var f = graph.Apply(features, inputs[0]);
        return [graph.Apply(head, f), f];
    }
}
