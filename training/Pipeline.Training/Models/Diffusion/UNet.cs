using Pipeline.Export;
using TorchSharp.Utils;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// ε_θ(z_t, t [, c]): the DDPM noise-prediction U-Net (Ho et al. 2020, Appendix B, scaled down for 28×28).
/// Resolutions 28 → 14 → 7 and back with skip connections, residual blocks with GroupNorm and SiLU,
/// sinusoidal time embedding, self-attention at 7×7. z_t: [N, C, 28, 28], t: [N] → ε̂: [N, C, 28, 28].
/// A class-conditional U-Net adds Linear(one-hot c) to the time embedding; the zero vector is the null class.
/// The label input is null for an unconditional U-Net (<see cref="UnconditionalDenoiser"/> exports it with two inputs).
/// </summary>
public sealed class UNet : nn.Module<Tensor, Tensor, Tensor?, Tensor>, IOnnxExportModule
{
    [ComponentName(Name = "time_embedding")] private readonly SinusoidalTimeEmbedding timeEmbedding;
    [ComponentName(Name = "time_mlp")] private readonly Sequential timeMlp;
    [ComponentName(Name = "class_embedding")] private readonly Linear? classEmbedding;
    [ComponentName(Name = "conv_in")] private readonly Conv2d convIn;
    private readonly ResidualBlock down0, down1, down2, middle1, middle2, up2, up1, up0;
    [ComponentName(Name = "attention_down")] private readonly SelfAttention2d attentionDown;
    [ComponentName(Name = "attention_middle")] private readonly SelfAttention2d attentionMiddle;
    [ComponentName(Name = "attention_up")] private readonly SelfAttention2d attentionUp;
    private readonly Conv2d downsample0, downsample1;
    [ComponentName(Name = "upsample2")] private readonly Conv2d upConv2;
    [ComponentName(Name = "upsample1")] private readonly Conv2d upConv1;
    private readonly Upsample resize = nn.Upsample(scale_factor: [2, 2], mode: UpsampleMode.Nearest);
    [ComponentName(Name = "norm_out")] private readonly GroupNorm normOut;
    private readonly SiLU silu = nn.SiLU();
    [ComponentName(Name = "conv_out")] private readonly Conv2d convOut;

    public UNet(UNetConfig config) : base(nameof(UNet))
    {
        config.Validate();
        Config = config;
        var (c1, c2, t, g, p) = ((long)config.BaseChannels, 2L * config.BaseChannels, (long)config.TimeDim, (long)config.Groups, config.Dropout);
        timeEmbedding = new SinusoidalTimeEmbedding(config.BaseChannels);
        timeMlp = nn.Sequential(nn.Linear(c1, t), nn.SiLU(), nn.Linear(t, t));
        classEmbedding = config.Classes > 0 ? nn.Linear(config.Classes, t, hasBias: false) : null;
        convIn = nn.Conv2d(config.ImageChannels, c1, 3, padding: 1);
        down0 = new ResidualBlock(c1, c1, t, g, p);
        downsample0 = nn.Conv2d(c1, c1, 3, stride: 2, padding: 1);
        down1 = new ResidualBlock(c1, c2, t, g, p);
        downsample1 = nn.Conv2d(c2, c2, 3, stride: 2, padding: 1);
        down2 = new ResidualBlock(c2, c2, t, g, p);
        attentionDown = new SelfAttention2d(c2, g);
        middle1 = new ResidualBlock(c2, c2, t, g, p);
        attentionMiddle = new SelfAttention2d(c2, g);
        middle2 = new ResidualBlock(c2, c2, t, g, p);
        up2 = new ResidualBlock(c2 + c2, c2, t, g, p);
        attentionUp = new SelfAttention2d(c2, g);
        upConv2 = nn.Conv2d(c2, c2, 3, padding: 1);
        up1 = new ResidualBlock(c2 + c2, c2, t, g, p);
        upConv1 = nn.Conv2d(c2, c2, 3, padding: 1);
        up0 = new ResidualBlock(c2 + c1, c1, t, g, p);
        normOut = Networks.GroupNorm(g, c1);
        convOut = nn.Conv2d(c1, config.ImageChannels, 3, padding: 1);
        RegisterComponents();
    }

    public UNetConfig Config { get; }

    /// <summary>ε̂ = ε_θ(z_t, t [, c]); <paramref name="label"/> is a one-hot [N, Classes] (zero rows: no class), or null.</summary>
    public override Tensor forward(Tensor sample, Tensor timestep, Tensor? label)
    {
        var temb = timeMlp.call(timeEmbedding.call(timestep));                              // [N, T]
        if (classEmbedding is not null)
        {
            if (label is null) throw new ArgumentException("a class-conditional U-Net needs a one-hot label (zero rows for no class)");
            temb = temb + classEmbedding.call(label);
        }
        var h0 = down0.call(convIn.call(sample), temb);                                     // [N, c1, 28, 28]
        var h1 = down1.call(downsample0.call(h0), temb);                                     // [N, c2, 14, 14]
        var h2 = attentionDown.call(down2.call(downsample1.call(h1), temb));                 // [N, c2, 7, 7]
        var m = middle2.call(attentionMiddle.call(middle1.call(h2, temb)), temb);
        var u2 = attentionUp.call(up2.call(cat([m, h2], 1), temb));                          // [N, c2, 7, 7]
        var u1 = up1.call(cat([upConv2.call(resize.call(u2)), h1], 1), temb);                // 14×14
        var u0 = up0.call(cat([upConv1.call(resize.call(u1)), h0], 1), temb);                // 28×28
        return convOut.call(silu.call(normOut.call(u0)));
    }

    /// <summary>The same computation in evaluation mode: inputs sample, timestep (and label for a conditional U-Net).</summary>
    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var (sample, timestep) = (inputs[0], inputs[1]);
        var temb = graph.Apply(timeMlp, graph.Apply(timeEmbedding, timestep));
        if (classEmbedding is not null)
        {
            if (inputs.Length < 3) throw new OnnxExportException("the conditional U-Net's graph needs a label input: export it with (sample, timestep, label)");
            temb = graph.Add(temb, graph.Apply(classEmbedding, inputs[2]));
        }
        OnnxValue Block(ResidualBlock block, OnnxValue x) => graph.Apply(block, x, temb)[0];
        var h0 = Block(down0, graph.Apply(convIn, sample));
        var h1 = Block(down1, graph.Apply(downsample0, h0));
        var h2 = graph.Apply(attentionDown, Block(down2, graph.Apply(downsample1, h1)));
        var m = Block(middle2, graph.Apply(attentionMiddle, Block(middle1, h2)));
        var u2 = graph.Apply(attentionUp, Block(up2, graph.Concat(1, m, h2)));
        var u1 = Block(up1, graph.Concat(1, graph.Apply(upConv2, graph.Apply(resize, u2)), h1));
        var u0 = Block(up0, graph.Concat(1, graph.Apply(upConv1, graph.Apply(resize, u1)), h0));
        return [graph.Apply(convOut, graph.Apply(silu, graph.Apply(normOut, u0)))];
    }
}
