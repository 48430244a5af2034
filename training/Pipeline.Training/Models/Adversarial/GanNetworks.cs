using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// The players of a <see cref="Gan"/> as Sequentials of built-in layers (so they export with no extra code): the generator
/// maps its input [N, Z (+ K)] (z, then the one-hot class of an AC-GAN) to data [N, C, H, W]; the discriminator maps data to
/// scores [N, 1 (+ K)] (the real/fake logit or critic value, then the AC-GAN's class logits).
/// </summary>
public static class GanNetworks
{
    private const int Kernel = 4, Stride = 2, Padding = 1;
    private const double LeakySlope = 0.2;

    public static Sequential Generator(GanConfig config)
    {
        var input = config.LatentSize + (config.Classes ?? 0);
        var (channels, height, width) = (config.Shape[0], config.Shape[1], config.Shape[2]);
        var layers = nn.Sequential();
        if (config.Architecture == GanArchitecture.Dcgan)
        {
            // z → 2C × H/4 × W/4 → C × H/2 × W/2 → channels × H × W (Radford et al. 2016: batch norm and ReLU in the generator).
            var c = (long)config.Channels;
            layers.append(nn.Linear(input, 2 * c * (height / 4) * (width / 4), hasBias: false))
                .append(nn.Unflatten(1, [2 * c, height / 4, width / 4]))
                .append(BatchNorm(2 * c)).append(nn.ReLU())
                .append(nn.ConvTranspose2d(2 * c, c, Kernel, stride: Stride, padding: Padding, bias: false))
                .append(BatchNorm(c)).append(nn.ReLU())
                .append(nn.ConvTranspose2d(c, channels, Kernel, stride: Stride, padding: Padding));
        }
        else
        {
            layers.append(nn.Linear(input, config.Channels)).append(nn.ReLU())
                .append(nn.Linear(config.Channels, config.Channels)).append(nn.ReLU())
                .append(nn.Linear(config.Channels, config.Dimensions))
                .append(nn.Unflatten(1, config.Shape));
        }
        if (config.Output == GeneratorOutput.Tanh) layers.append(nn.Tanh());
        if (config.Architecture == GanArchitecture.Dcgan) Initialize(layers);
        return layers;
    }

    public static Sequential Discriminator(GanConfig config)
    {
        var outputs = 1 + (config.Classes ?? 0);
        var layers = nn.Sequential();
        if (config.Architecture == GanArchitecture.Dcgan)
        {
            // x → C × H/2 × W/2 → 2C × H/4 × W/4 → scores; leaky ReLUs, no normalization.
            var c = (long)config.Channels;
            layers.append(nn.Conv2d(config.Shape[0], c, Kernel, stride: Stride, padding: Padding)).append(nn.LeakyReLU(LeakySlope))
                .append(nn.Conv2d(c, 2 * c, Kernel, stride: Stride, padding: Padding)).append(nn.LeakyReLU(LeakySlope))
                .append(nn.Flatten())
                .append(nn.Linear(2 * c * (config.Shape[1] / 4) * (config.Shape[2] / 4), outputs));
        }
        else
        {
            layers.append(nn.Flatten())
                .append(nn.Linear(config.Dimensions, config.Channels)).append(nn.LeakyReLU(LeakySlope))
                .append(nn.Linear(config.Channels, config.Channels)).append(nn.LeakyReLU(LeakySlope))
                .append(nn.Linear(config.Channels, outputs));
        }
        if (config.Architecture == GanArchitecture.Dcgan) Initialize(layers);
        return layers;
    }

    private static BatchNorm2d BatchNorm(long channels) => nn.BatchNorm2d(channels);

    /// <summary>DCGAN's initialization (the MLP players keep TorchSharp's; Radford et al. 2016, §4): weights ~ N(0, 0.02), batch norm γ ~ N(1, 0.02), biases 0.</summary>
    private static void Initialize(Sequential layers)
    {
        using var noGrad = no_grad();
        foreach (var layer in layers.children())
        {
            switch (layer)
            {
                case Linear or Conv2d or ConvTranspose2d:
                    foreach (var (name, parameter) in layer.named_parameters())
                    {
                        if (name == "weight") nn.init.normal_(parameter, 0, 0.02);
                        else nn.init.zeros_(parameter);
                    }
                    break;
                case BatchNorm2d norm:
                    nn.init.normal_(norm.weight!, 1, 0.02);
                    nn.init.zeros_(norm.bias!);
                    break;
            }
        }
    }
}
