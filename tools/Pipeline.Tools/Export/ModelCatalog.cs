using Pipeline.Export;
using Pipeline.Models.Adversarial;
using Pipeline.Models.Autoencoders;
using Pipeline.Models.Autoregressive;
using Pipeline.Models.Classifiers;
using Pipeline.Models.Diffusion;
using Pipeline.Models.Flows;
using Pipeline.Models.Quantized;
using Pipeline.Models.Variational;
using static TorchSharp.torch;

namespace Pipeline.Tools.Export;

/// <summary>Builds the model a checkpoint's kind names, from the configuration saved with it.</summary>
internal static class ModelCatalog
{
    /// <summary>Every kind `tools/pipeline export` knows.</summary>
    public static IReadOnlyList<string> Kinds { get; } = new[]
    {
        MlpAutoencoder.Kind, LinearAutoencoder.Kind, ConvAutoencoder.Kind, DenoisingAutoencoder.Kind, SparseAutoencoder.Kind, ContractiveAutoencoder.Kind,
        ConstrainedAutoencoder.Kind, VaeMlp.Kind, VaeConv.Kind, ConditionalVae.Kind, ArVae.Kind, DdpmModel.Kind, LatentDdpmModel.Kind, FashionClassifier.Kind,
        Fvsbn.Kind, Nade.Kind, Made.Kind, PixelCnn.Kind, GatedPixelCnn.Kind, VqVae.Kind, VqVaePrior.Kind, RealNvp.Kind,
        Gan.Kind, AdversarialAutoencoder.Kind,
    };

    /// <summary>The kinds whose checkpoints export a package alone: all but the VQ-VAE, whose package comes from its prior's checkpoint.</summary>
    public static IReadOnlyList<string> ExportableKinds { get; } = Kinds.Where(k => k != VqVae.Kind).ToArray();

    public static nn.Module Create(string kind, string configJson) => kind switch
    {
        MlpAutoencoder.Kind => new MlpAutoencoder(MlpAutoencoderConfig.FromJson(configJson)),
        LinearAutoencoder.Kind => new LinearAutoencoder(LinearAutoencoderConfig.FromJson(configJson)),
        ConvAutoencoder.Kind => new ConvAutoencoder(ConvAutoencoderConfig.FromJson(configJson)),
        DenoisingAutoencoder.Kind => new DenoisingAutoencoder(DenoisingAutoencoderConfig.FromJson(configJson)),
        SparseAutoencoder.Kind => new SparseAutoencoder(SparseAutoencoderConfig.FromJson(configJson)),
        ContractiveAutoencoder.Kind => new ContractiveAutoencoder(ContractiveAutoencoderConfig.FromJson(configJson)),
        ConstrainedAutoencoder.Kind => new ConstrainedAutoencoder(ConstrainedAutoencoderConfig.FromJson(configJson)),
        VaeMlp.Kind => new VaeMlp(VaeMlpConfig.FromJson(configJson)),
        VaeConv.Kind => new VaeConv(VaeConvConfig.FromJson(configJson)),
        ConditionalVae.Kind => new ConditionalVae(ConditionalVaeConfig.FromJson(configJson)),
        ArVae.Kind => new ArVae(ArVaeConfig.FromJson(configJson)),
        DdpmModel.Kind => new DdpmModel(DdpmConfig.FromJson(configJson)),
        LatentDdpmModel.Kind => new LatentDdpmModel(LatentDdpmConfig.FromJson(configJson)),
        FashionClassifier.Kind => new FashionClassifier(FashionClassifierConfig.FromJson(configJson)),
        Fvsbn.Kind => new Fvsbn(FvsbnConfig.FromJson(configJson)),
        Nade.Kind => new Nade(NadeConfig.FromJson(configJson)),
        Made.Kind => new Made(MadeConfig.FromJson(configJson)),
        PixelCnn.Kind => new PixelCnn(PixelCnnConfig.FromJson(configJson)),
        GatedPixelCnn.Kind => new GatedPixelCnn(GatedPixelCnnConfig.FromJson(configJson)),
        VqVae.Kind => new VqVae(VqVaeConfig.FromJson(configJson)),
        VqVaePrior.Kind => new VqVaePrior(VqVaePriorConfig.FromJson(configJson)),
        RealNvp.Kind => new RealNvp(RealNvpConfig.FromJson(configJson)),
        Gan.Kind => new Gan(GanConfig.FromJson(configJson)),
        AdversarialAutoencoder.Kind => new AdversarialAutoencoder(AdversarialAutoencoderConfig.FromJson(configJson)),
        _ => throw new InvalidDataException($"checkpoints of kind '{kind}' cannot be exported: known kinds are {string.Join(", ", Kinds)}"),
    };

    /// <summary>The configuration (JSON) a kind's model takes when nothing is changed: its config record's defaults.</summary>
    public static string DefaultConfigJson(string kind) => kind switch
    {
        MlpAutoencoder.Kind => new MlpAutoencoderConfig().ToJson(),
        LinearAutoencoder.Kind => new LinearAutoencoderConfig().ToJson(),
        ConvAutoencoder.Kind => new ConvAutoencoderConfig().ToJson(),
        DenoisingAutoencoder.Kind => new DenoisingAutoencoderConfig().ToJson(),
        SparseAutoencoder.Kind => new SparseAutoencoderConfig().ToJson(),
        ContractiveAutoencoder.Kind => new ContractiveAutoencoderConfig().ToJson(),
        ConstrainedAutoencoder.Kind => new ConstrainedAutoencoderConfig().ToJson(),
        VaeMlp.Kind => new VaeMlpConfig().ToJson(),
        VaeConv.Kind => new VaeConvConfig().ToJson(),
        ConditionalVae.Kind => new ConditionalVaeConfig().ToJson(),
        ArVae.Kind => new ArVaeConfig().ToJson(),
        DdpmModel.Kind => new DdpmConfig { UNet = new UNetConfig { BaseChannels = 16, Groups = 4 } }.ToJson(),
        LatentDdpmModel.Kind => new LatentDdpmConfig { Width = 64, Blocks = 2, TimeDim = 32 }.ToJson(),
        FashionClassifier.Kind => new FashionClassifierConfig().ToJson(),
        Fvsbn.Kind => new FvsbnConfig().ToJson(),
        Nade.Kind => new NadeConfig().ToJson(),
        Made.Kind => new MadeConfig().ToJson(),
        PixelCnn.Kind => new PixelCnnConfig().ToJson(),
        GatedPixelCnn.Kind => new GatedPixelCnnConfig().ToJson(),
        VqVae.Kind => new VqVaeConfig().ToJson(),
        VqVaePrior.Kind => new VqVaePriorConfig().ToJson(),
        RealNvp.Kind => new RealNvpConfig().ToJson(),
        Gan.Kind => new GanConfig().ToJson(),
        AdversarialAutoencoder.Kind => new AdversarialAutoencoderConfig().ToJson(),
        _ => throw new InvalidDataException($"there is no model of kind '{kind}': known kinds are {string.Join(", ", Kinds)}"),
    };

    public static IExportableModel AsExportable(nn.Module model) =>
        model as IExportableModel ?? throw new NotSupportedException($"{model.GetType().Name} does not implement IExportableModel");
}
