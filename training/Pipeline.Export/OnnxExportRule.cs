using TorchSharp;

namespace Pipeline.Export;

/// <summary>The base of a rule for a one-input, one-output module type <typeparamref name="TModule"/>.</summary>
public abstract class OnnxExportRule<TModule> : IOnnxExportRule where TModule : torch.nn.Module
{
    /// <inheritdoc />
    public Type ModuleType => typeof(TModule);

    /// <summary>Adds <paramref name="module"/> applied to <paramref name="input"/>; returns its output.</summary>
    public abstract OnnxValue Export(OnnxGraphBuilder graph, TModule module, OnnxValue input);

    /// <inheritdoc />
    public OnnxValue[] Export(OnnxGraphBuilder graph, torch.nn.Module module, OnnxValue[] inputs)
    {
        if (inputs.Length != 1)
            throw new OnnxExportException($"{typeof(TModule).Name} takes one input, but {inputs.Length} were given.");
        return [Export(graph, (TModule)module, inputs[0])];
    }
}
