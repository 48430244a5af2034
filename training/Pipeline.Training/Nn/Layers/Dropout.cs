using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Zeroes elements with probability <see cref="P"/> in training mode (masks drawn from the generator).</summary>
public sealed class Dropout : Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Generator? generator;

    public Dropout(double p = 0.5, Generator? generator = null)
    {
        if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1]");
        P = p;
        this.generator = generator;
    }

    public double P { get; }

    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training, generator);

    /// <summary>Evaluation mode: the identity.</summary>
    public string ExportOnnx(OnnxGraph graph, string input) => graph.Elementwise("Identity", input);
}
