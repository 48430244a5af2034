using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Sequential: its children in order, each in the scope of its name ("0", "1", … or the names given).</summary>
internal sealed class SequentialRule : OnnxExportRule<Sequential>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Sequential module, OnnxValue input)
    {
        var value = input;
        foreach (var (_, child) in module.named_children()) value = graph.Apply(child, value);
        return value;
    }
}
