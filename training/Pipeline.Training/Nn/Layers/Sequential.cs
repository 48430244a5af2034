using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Modules applied in order; they are named "0", "1", ... as in PyTorch.</summary>
public sealed class Sequential : Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly List<Module<Tensor, Tensor>> layers = new();

    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        foreach (var module in modules) Append(module);
    }

    public int Count => layers.Count;

    public Module<Tensor, Tensor> this[int index] => layers[index];

    public IReadOnlyList<Module<Tensor, Tensor>> Layers => layers;

    public Sequential Append(Module<Tensor, Tensor> module)
    {
        RegisterModule(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        layers.Add(module);
        return this;
    }

    /// <summary>
    /// Runs every layer. Intermediate handles are released as soon as the next layer has used them
    /// (autograd keeps what it needs), so a forward pass leaves only its result behind.
    /// </summary>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in layers)
        {
            var next = layer.Forward(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }
        return ReferenceEquals(x, input) ? input.Alias() : x;
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var x = input;
        for (var i = 0; i < layers.Count; i++) x = graph.Apply(layers[i], x, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return layers.Count == 0 ? graph.Elementwise("Identity", input) : x;
    }
}
