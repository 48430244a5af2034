using TorchSharp;

namespace Pipeline.Export;

/// <summary>
/// A value of the graph being built: its ONNX name and, once known, the value it takes on the example inputs
/// (computed by TorchSharp as the graph grows, so rules know real shapes and the verifier knows what to expect).
/// </summary>
public sealed class OnnxValue
{
    internal OnnxValue(string name, torch.Tensor? example)
    {
        Name = name;
        Example = example;
    }

    /// <summary>The name of the value in the ONNX graph.</summary>
    public string Name { get; }

    /// <summary>
    /// The value on the example inputs, valid during the export; null for a value inside a rule
    /// until the module's output is known.
    /// </summary>
    public torch.Tensor? Example { get; internal set; }

    /// <summary>The example's shape (dimension 0 is the batch when the export has a dynamic batch).</summary>
    public long[] Shape => RequireExample().shape;

    /// <summary>The example's rank.</summary>
    public int Rank => Shape.Length;

    /// <summary>The value on the example inputs (what a custom module computes its own example from).</summary>
    public torch.Tensor RequireExample() => Example ?? throw new InvalidOperationException(
        $"The graph value '{Name}' has no example value: pass one to OnnxGraphBuilder.Node where a later step needs its shape.");

    /// <inheritdoc />
    public override string ToString() => Example is null ? Name : $"{Name} [{string.Join(", ", Shape)}]";
}
