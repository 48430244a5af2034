using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// ε_θ(z_t, t [, c]): the DDPM noise-prediction U-Net (Ho et al. 2020, Appendix B, scaled down for 28×28).
/// Resolutions 28 → 14 → 7 and back with skip connections, residual blocks with GroupNorm and SiLU,
/// sinusoidal time embedding, self-attention at 7×7. z_t: [N, C, 28, 28], t: [N] → ε̂: [N, C, 28, 28].
/// A class-conditional U-Net adds Linear(one-hot c) to the time embedding; the zero vector is the null class.
/// </summary>
public sealed class UNet : Module
{
    private readonly SinusoidalTimeEmbedding timeEmbedding;
    private readonly Sequential timeMlp;
    private readonly Linear? classEmbedding;
    private readonly Conv2d convIn;
    private readonly ResidualBlock down0, down1, down2, middle1, middle2, up2, up1, up0;
    private readonly SelfAttention2d attentionDown, attentionMiddle, attentionUp;
    private readonly Conv2d downsample0, downsample1, upConv2, upConv1;
    private readonly GroupNorm normOut;
    private readonly Conv2d convOut;

    public UNet(UNetConfig config, Generator? generator = null)
    {
        config.Validate();
        Config = config;
        var (c1, c2, t, g, p) = ((long)config.BaseChannels, 2L * config.BaseChannels, (long)config.TimeDim, (long)config.Groups, config.Dropout);
        timeEmbedding = RegisterModule("time_embedding", new SinusoidalTimeEmbedding(config.BaseChannels));
        timeMlp = RegisterModule("time_mlp", new Sequential(new Linear(c1, t, generator: generator), new Silu(), new Linear(t, t, generator: generator)));
        classEmbedding = config.Classes > 0 ? RegisterModule("class_embedding", new Linear(config.Classes, t, bias: false, generator: generator)) : null;
        convIn = RegisterModule("conv_in", new Conv2d(config.ImageChannels, c1, 3, padding: 1, generator: generator));
        down0 = RegisterModule("down0", new ResidualBlock(c1, c1, t, g, p, generator));
        downsample0 = RegisterModule("downsample0", new Conv2d(c1, c1, 3, stride: 2, padding: 1, generator: generator));
        down1 = RegisterModule("down1", new ResidualBlock(c1, c2, t, g, p, generator));
        downsample1 = RegisterModule("downsample1", new Conv2d(c2, c2, 3, stride: 2, padding: 1, generator: generator));
        down2 = RegisterModule("down2", new ResidualBlock(c2, c2, t, g, p, generator));
        attentionDown = RegisterModule("attention_down", new SelfAttention2d(c2, g, generator));
        middle1 = RegisterModule("middle1", new ResidualBlock(c2, c2, t, g, p, generator));
        attentionMiddle = RegisterModule("attention_middle", new SelfAttention2d(c2, g, generator));
        middle2 = RegisterModule("middle2", new ResidualBlock(c2, c2, t, g, p, generator));
        up2 = RegisterModule("up2", new ResidualBlock(c2 + c2, c2, t, g, p, generator));
        attentionUp = RegisterModule("attention_up", new SelfAttention2d(c2, g, generator));
        upConv2 = RegisterModule("upsample2", new Conv2d(c2, c2, 3, padding: 1, generator: generator));
        up1 = RegisterModule("up1", new ResidualBlock(c2 + c2, c2, t, g, p, generator));
        upConv1 = RegisterModule("upsample1", new Conv2d(c2, c2, 3, padding: 1, generator: generator));
        up0 = RegisterModule("up0", new ResidualBlock(c2 + c1, c1, t, g, p, generator));
        normOut = RegisterModule("norm_out", new GroupNorm(g, c1));
        convOut = RegisterModule("conv_out", new Conv2d(c1, config.ImageChannels, 3, padding: 1, generator: generator));
    }

    public UNetConfig Config { get; }

    /// <summary>ε̂ = ε_θ(z_t, t [, c]); <paramref name="label"/> is a one-hot [N, Classes] (zero rows: no class), or null.</summary>
    public Tensor Forward(Tensor sample, Tensor timestep, Tensor? label = null)
    {
        using var scope = DisposeScope.Enter();
        var temb = timeMlp.Forward(timeEmbedding.Forward(timestep));                     // [N, T]
        if (classEmbedding is not null)
        {
            if (label is null) throw new ArgumentException("a class-conditional U-Net needs a one-hot label (zero rows for no class)");
            temb = temb + classEmbedding.Forward(label);
        }
        var h0 = down0.Forward(convIn.Forward(sample), temb);                            // [N, c1, 28, 28]
        var h1 = down1.Forward(downsample0.Forward(h0), temb);                            // [N, c2, 14, 14]
        var h2 = attentionDown.Forward(down2.Forward(downsample1.Forward(h1), temb));     // [N, c2, 7, 7]
        var m = middle2.Forward(attentionMiddle.Forward(middle1.Forward(h2, temb)), temb);
        var u2 = attentionUp.Forward(up2.Forward(Torch.Cat(new[] { m, h2 }, 1), temb));  // [N, c2, 7, 7]
        var u1 = up1.Forward(Torch.Cat(new[] { upConv2.Forward(Functional.Upsample(u2, 2)), h1 }, 1), temb);   // 14×14
        var u0 = up0.Forward(Torch.Cat(new[] { upConv1.Forward(Functional.Upsample(u1, 2)), h0 }, 1), temb);   // 28×28
        return convOut.Forward(normOut.Forward(u0).Silu()).MoveToOuterScope();
    }

    /// <summary>Writes the same computation (evaluation mode) into <paramref name="graph"/>.</summary>
    public string ExportOnnx(OnnxGraph graph, string sample, string timestep, string? label)
    {
        var temb = graph.Apply(timeMlp, graph.Apply(timeEmbedding, timestep, "time_embedding"), "time_mlp");
        if (classEmbedding is not null)
            temb = graph.Binary("Add", temb, graph.Apply(classEmbedding, label ?? throw new ArgumentException("the conditional U-Net's graph needs a label input"), "class_embedding"));
        string Block(ResidualBlock block, string name, string x)
        {
            using var _ = graph.Scope(name);
            return block.ExportOnnx(graph, x, temb);
        }
        string Cat(string a, string b)
        {
            var (sa, sb) = (graph.ShapeOf(a), graph.ShapeOf(b));
            return graph.Node("Concat", new[] { a, b }, new[] { sa[0], sa[1] + sb[1], sa[2], sa[3] }, attributes: OnnxAttribute.Int("axis", 1));
        }
        var up = new Upsample(2);
        var h0 = Block(down0, "down0", graph.Apply(convIn, sample, "conv_in"));
        var h1 = Block(down1, "down1", graph.Apply(downsample0, h0, "downsample0"));
        var h2 = graph.Apply(attentionDown, Block(down2, "down2", graph.Apply(downsample1, h1, "downsample1")), "attention_down");
        var m = Block(middle2, "middle2", graph.Apply(attentionMiddle, Block(middle1, "middle1", h2), "attention_middle"));
        var u2 = graph.Apply(attentionUp, Block(up2, "up2", Cat(m, h2)), "attention_up");
        var u1 = Block(up1, "up1", Cat(graph.Apply(upConv2, graph.Apply(up, u2, "resize2"), "upsample2"), h1));
        var u0 = Block(up0, "up0", Cat(graph.Apply(upConv1, graph.Apply(up, u1, "resize1"), "upsample1"), h0));
        return graph.Apply(convOut, Nn.Layers.Silu.Export(graph, graph.Apply(normOut, u0, "norm_out")), "conv_out");
    }
}
