using Pipeline.Runtime.Packages;
using Pipeline.Data.Attributes;
using Pipeline.Models.Adversarial;
using Pipeline.Models.Autoencoders;
using Pipeline.Models.Autoregressive;
using Pipeline.Models.Diffusion;
using Pipeline.Models.Flows;
using Pipeline.Models.Quantized;
using Pipeline.Models.Variational;

namespace Pipeline.Tools.Soak;

/// <summary>
/// The table of families the long runs cover, each with a small model: a new family joins by adding its row (the soak test
/// checks that every family the runtime samples has one).
/// </summary>
public static class SoakCases
{
    private static readonly ConvAutoencoderConfig Conv = new() { Channels = [8, 16], LatentSize = 8 };
    private static readonly VqVaeConfig Quantizer = new() { Channels = [8, 8], ResidualBlocks = 1, Dimension = 4, Codes = 16 };

    public static IReadOnlyList<SoakCase> All { get; } =
    [
        SoakCase.Of(ModelFamily.Autoencoder, () => new ConvAutoencoder(Conv)),
        SoakCase.Of(ModelFamily.Vae, () => new VaeMlp(new VaeMlpConfig { HiddenSizes = [64], LatentSize = 8 })),
        SoakCase.Of(ModelFamily.Vae, () => new ArVae(new ArVaeConfig { Vae = new VaeConvConfig { Channels = [8, 16], LatentSize = 4 }, Attributes = [ImageAttribute.Area, ImageAttribute.Width] }),
            (model, images) => model.SetAttributes(AttributeTable.Measure(images, model.Config.Attributes))),
        SoakCase.Of(ModelFamily.ConditionalVae, () => new ConditionalVae(new ConditionalVaeConfig { HiddenSizes = [64], LatentSize = 8 })),
        SoakCase.Of(ModelFamily.Diffusion, () => new DdpmModel(new DdpmConfig { UNet = new UNetConfig { BaseChannels = 8, Groups = 2 }, Timesteps = 50 })),
        SoakCase.Of(ModelFamily.LatentDiffusion, () => new LatentDdpmModel(new LatentDdpmConfig
        {
            VaeConfig = new VaeMlpConfig { HiddenSizes = [64], LatentSize = 8 }.ToJson(), Width = 32, Blocks = 1, TimeDim = 16, Timesteps = 50,
        })),
        SoakCase.Of(ModelFamily.Autoregressive, () => new Made(new MadeConfig { HiddenSizes = [128] })),
        SoakCase.Of(ModelFamily.Autoregressive, () => new PixelCnn(new PixelCnnConfig { Channels = 8, OutputChannels = 8, Blocks = 1 })),
        SoakCase.Of(ModelFamily.VectorQuantized, () => new VqVaePrior(new VqVaePriorConfig
        {
            Autoencoder = Quantizer, Prior = VqVaePriorConfig.ForCodes(Quantizer, new PixelCnnConfig { Channels = 8, OutputChannels = 8, Blocks = 1, FirstKernel = 3 }),
        })),
        SoakCase.Of(ModelFamily.Flow, () => new RealNvp(new RealNvpConfig { Levels = 1, CouplingsPerStage = 1, FinalCouplings = 2, Hidden = 8 })),
        SoakCase.Of(ModelFamily.Adversarial, () => new Gan(new GanConfig { LatentSize = 16, Channels = 8, DiscriminatorSteps = 2 })),
        SoakCase.Of(ModelFamily.Adversarial, () => new AdversarialAutoencoder(new AdversarialAutoencoderConfig { Network = Conv, DiscriminatorHidden = 32 })),
    ];
}
