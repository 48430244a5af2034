using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// The transformer's sinusoidal position encoding of the timestep (Ho et al. 2020, §4):
/// emb(t) = [sin(t·ωᵢ), cos(t·ωᵢ)], ωᵢ = 10000^(−i/(h−1)), i = 0..h−1, h = Dim/2.
/// t: [N] float → [N, Dim].
/// </summary>
public sealed class SinusoidalTimeEmbedding : Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly float[] frequencies;
    private readonly Tensor omega;   // the frequencies as a [1, h] buffer: moved with the module, not rebuilt per step

    public SinusoidalTimeEmbedding(int dim)
    {
        if (dim < 4 || dim % 2 != 0) throw new ArgumentException($"the time embedding needs an even size of at least 4, got {dim}");
        Dim = dim;
        var half = dim / 2;
        frequencies = Enumerable.Range(0, half).Select(i => (float)Math.Exp(-Math.Log(10000) * i / (half - 1))).ToArray();
        omega = RegisterBuffer("frequencies", Tensor.From(frequencies, 1, half), persistent: false);
    }

    public int Dim { get; }

    public override Tensor Forward(Tensor input)
    {
        using var angles = input.To(DType.Float32).Unsqueeze(1) * omega;   // [N, h]
        using var sin = angles.Sin();
        using var cos = angles.Cos();
        return Torch.Cat(new[] { sin, cos }, 1);                          // [N, 2h]
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var n = graph.ShapeOf(input)[0];
        var column = graph.Node("Unsqueeze", new[] { input, graph.Constant("axes", 1L) }, new[] { n, 1L });
        var angles = graph.Node("Mul", new[] { column, graph.Constant("frequencies", frequencies, 1, frequencies.Length) }, new[] { n, (long)frequencies.Length });
        return graph.Node("Concat", new[] { graph.Elementwise("Sin", angles), graph.Elementwise("Cos", angles) }, new[] { n, (long)Dim },
            attributes: OnnxAttribute.Int("axis", 1));
    }
}
