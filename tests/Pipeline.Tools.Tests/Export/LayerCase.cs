using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Tensors;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Export;

/// <summary>
/// One module configuration to export: how to build it (seeded; already prepared, e.g. running statistics
/// gathered), the input shape (−1 is the batch), and how to wrap it as a network (a float input by default).
/// </summary>
public sealed record LayerCase(string Name, Func<Generator, Module<Tensor, Tensor>> Create, long[] InputShape,
    Func<Module<Tensor, Tensor>, long[], ExportableNetwork>? Wrap = null)
{
    public ExportableNetwork Network(Module<Tensor, Tensor> module) => (Wrap ?? ModuleNetworks.Plain)(module, InputShape);

    public override string ToString() => Name;
}
