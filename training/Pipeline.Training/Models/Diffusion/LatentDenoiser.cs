using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// ε_θ(z_t, t) over latent vectors: the sinusoidal time embedding through a 2-layer MLP gives temb [N, W];
/// h = Linear(z_t) [N, W], then <see cref="LatentDdpmConfig.Blocks"/> residual blocks, then Linear(SiLU(LN(h))) → ε̂ [N, Z].
/// </summary>
public sealed class LatentDenoiser : Module
{
    private readonly SinusoidalTimeEmbedding timeEmbedding;
    private readonly Sequential timeMlp;
    private readonly Linear input;
    private readonly LatentResidualBlock[] blocks;
    private readonly LayerNorm normOut;
    private readonly Linear output;

    public LatentDenoiser(int latentSize, LatentDdpmConfig config, Generator? generator)
    {
        long w = config.Width;
        timeEmbedding = RegisterModule("time_embedding", new SinusoidalTimeEmbedding(config.TimeDim));
        timeMlp = RegisterModule("time_mlp", new Sequential(new Linear(config.TimeDim, w, generator: generator), new Silu(), new Linear(w, w, generator: generator)));
        input = RegisterModule("input", new Linear(latentSize, w, generator: generator));
        blocks = Enumerable.Range(0, config.Blocks).Select(i => RegisterModule($"block{i}", new LatentResidualBlock(w, generator))).ToArray();
        normOut = RegisterModule("norm_out", new LayerNorm(w));
        output = RegisterModule("output", new Linear(w, latentSize, generator: generator));
    }

    /// <summary>ε̂ = ε_θ(z_t, t); z_t: [N, Z], t: [N] float.</summary>
    public Tensor Forward(Tensor sample, Tensor timestep)
    {
        using var scope = DisposeScope.Enter();
        var temb = timeMlp.Forward(timeEmbedding.Forward(timestep));
        var h = input.Forward(sample);
        foreach (var block in blocks) h = block.Forward(h, temb);
        return output.Forward(normOut.Forward(h).Silu()).MoveToOuterScope();
    }

    /// <summary>Writes the same computation into <paramref name="graph"/>.</summary>
    public string ExportOnnx(OnnxGraph graph, string sample, string timestep)
    {
        var temb = graph.Apply(timeMlp, graph.Apply(timeEmbedding, timestep, "time_embedding"), "time_mlp");
        var h = graph.Apply(input, sample, "input");
        for (var i = 0; i < blocks.Length; i++)
        {
            using var _ = graph.Scope($"block{i}");
            h = blocks[i].ExportOnnx(graph, h, temb);
        }
        return graph.Apply(output, Nn.Layers.Silu.Export(graph, graph.Apply(normOut, h, "norm_out")), "output");
    }
}
