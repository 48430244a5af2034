using Pipeline.Export;
using TorchSharp.Utils;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// ε_θ(z_t, t) over latent vectors: the sinusoidal time embedding through a 2-layer MLP gives temb [N, W];
/// h = Linear(z_t) [N, W], then <see cref="LatentDdpmConfig.Blocks"/> residual blocks, then Linear(SiLU(LN(h))) → ε̂ [N, Z].
/// </summary>
public sealed class LatentDenoiser : nn.Module<Tensor, Tensor, Tensor>, IOnnxExportModule
{
    [ComponentName(Name = "time_embedding")] private readonly SinusoidalTimeEmbedding timeEmbedding;
    [ComponentName(Name = "time_mlp")] private readonly Sequential timeMlp;
    private readonly Linear input;
    private readonly List<LatentResidualBlock> blocks;
    [ComponentName(Name = "norm_out")] private readonly LayerNorm normOut;
    private readonly SiLU silu = nn.SiLU();
    private readonly Linear output;

    public LatentDenoiser(int latentSize, LatentDdpmConfig config) : base(nameof(LatentDenoiser))
    {
        long w = config.Width;
        timeEmbedding = new SinusoidalTimeEmbedding(config.TimeDim);
        timeMlp = nn.Sequential(nn.Linear(config.TimeDim, w), nn.SiLU(), nn.Linear(w, w));
        input = nn.Linear(latentSize, w);
        blocks = Enumerable.Range(0, config.Blocks).Select(_ => new LatentResidualBlock(w)).ToList();
        normOut = nn.LayerNorm(w);
        output = nn.Linear(w, latentSize);
        // The blocks keep the names block0, block1, … (a list field is not a component RegisterComponents knows).
        for (var i = 0; i < blocks.Count; i++) register_module($"block{i}", blocks[i]);
        RegisterComponents();
    }

    /// <summary>ε̂ = ε_θ(z_t, t); z_t: [N, Z], t: [N] float.</summary>
    public override Tensor forward(Tensor sample, Tensor timestep)
    {
        var temb = timeMlp.call(timeEmbedding.call(timestep));
        var h = input.call(sample);
        foreach (var block in blocks) h = block.call(h, temb);
        return output.call(silu.call(normOut.call(h)));
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var temb = graph.Apply(timeMlp, graph.Apply(timeEmbedding, inputs[1]));
        var h = graph.Apply(input, inputs[0]);
        foreach (var block in blocks) h = graph.Apply(block, h, temb)[0];
        return [graph.Apply(output, graph.Apply(silu, graph.Apply(normOut, h)))];
    }
}
