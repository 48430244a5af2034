using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Export;

/// <summary>
/// One network of a model as it will be exported: its role in the package ("encoder", "decoder", ...), named inputs
/// and outputs, and the TorchSharp module that computes it (evaluation mode), which <see cref="OnnxExporter"/> writes
/// through its rules and verifies against ONNX Runtime. The module is a view over the model's own layers: it shares
/// their parameters, so it must not be disposed on its own.
/// </summary>
public sealed class ExportableNetwork
{
    public required string Role { get; init; }
    public required IReadOnlyList<NetworkInput> Inputs { get; init; }
    public required IReadOnlyList<string> Outputs { get; init; }

    /// <summary>The network: a module taking <see cref="Inputs"/> in order and returning <see cref="Outputs"/> in order.</summary>
    public required nn.Module Module { get; init; }

    /// <summary>The network's outputs on <paramref name="inputs"/> (one tensor per input, batch first), in evaluation mode without gradients.</summary>
    public Tensor[] Run(IReadOnlyList<Tensor> inputs)
    {
        using var noGrad = no_grad();
        Module.eval();
        return TorchForward.Run(Module, inputs);
    }

    /// <summary>Example inputs of <paramref name="batch"/> rows drawn from <paramref name="generator"/> (see <see cref="NetworkInput.Example"/>).</summary>
    public IReadOnlyList<Tensor> ExampleInputs(int batch, Generator generator) => Inputs.Select(i => i.Example(batch, generator)).ToList();
}
