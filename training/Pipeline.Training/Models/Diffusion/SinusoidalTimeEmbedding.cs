using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// The transformer's sinusoidal position encoding of the timestep (Ho et al. 2020, §4):
/// emb(t) = [sin(t·ωᵢ), cos(t·ωᵢ)], ωᵢ = 10000^(−i/(h−1)), i = 0..h−1, h = Dim/2.
/// t: [N] float → [N, Dim].
/// </summary>
public sealed class SinusoidalTimeEmbedding : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    /// <summary>
    /// ωᵢ as a [1, h] buffer. Persistent, because TorchSharp 0.107 neither lists nor moves (.to) non-persistent
    /// buffers: a non-persistent one would stay on the CPU when the model goes to CUDA.
    /// </summary>
    private readonly Tensor frequencies;

    public SinusoidalTimeEmbedding(int dim) : base(nameof(SinusoidalTimeEmbedding))
    {
        if (dim < 4 || dim % 2 != 0) throw new ArgumentException($"the time embedding needs an even size of at least 4, got {dim}");
        Dim = dim;
        var half = dim / 2;
        var omega = Enumerable.Range(0, half).Select(i => (float)Math.Exp(-Math.Log(10000) * i / (half - 1))).ToArray();
        frequencies = tensor(omega, [1, half]);
        RegisterComponents();
    }

    public int Dim { get; }

    public override Tensor forward(Tensor timestep)
    {
        using var angles = timestep.to(ScalarType.Float32).unsqueeze(1) * frequencies;   // [N, h]
        return cat([angles.sin(), angles.cos()], 1);                                       // [N, 2h]
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var angles = graph.Mul(graph.Unsqueeze(inputs[0], 1), graph.ParameterValue(frequencies));
        return [graph.Concat(1, graph.Unary("Sin", angles, t => t.sin()), graph.Unary("Cos", angles, t => t.cos()))];
    }
}
