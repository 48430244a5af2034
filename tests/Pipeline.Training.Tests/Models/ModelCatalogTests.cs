using NUnit.Framework;
using Pipeline.Models;
using Pipeline.Models.Adversarial;
using Pipeline.Models.Autoencoders;
using Pipeline.Models.Autoregressive;
using Pipeline.Models.Classifiers;
using Pipeline.Models.Diffusion;
using Pipeline.Models.Flows;
using Pipeline.Models.Quantized;
using Pipeline.Models.Variational;
using static TorchSharp.torch;
using Pipeline.Tools.Export;

namespace Pipeline.Tests.Models;

public class ModelCatalogTests
{
    /// <summary>One model of every kind, each with a configuration other than the default.</summary>
    private static IEnumerable<nn.Module> NonDefaultModels()
    {
        var network = new MlpAutoencoderConfig { HiddenSizes = new[] { 40, 20 }, LatentSize = 5, Output = OutputActivation.Sigmoid };
        var conv = new ConvAutoencoderConfig { Channels = new[] { 8, 16 }, LatentSize = 6 };
        yield return new MlpAutoencoder(network with { Output = OutputActivation.None });
        yield return new LinearAutoencoder(new LinearAutoencoderConfig { InputSize = 49, LatentSize = 5 });
        yield return new ConvAutoencoder(conv);
        yield return new DenoisingAutoencoder(new DenoisingAutoencoderConfig { Network = conv, NoiseStd = 0.3 });
        yield return new SparseAutoencoder(new SparseAutoencoderConfig { Network = network, Lambda = 0.5 });
        yield return new ContractiveAutoencoder(new ContractiveAutoencoderConfig { Network = network, Lambda = 0.02 });
        yield return new ConstrainedAutoencoder(new ConstrainedAutoencoderConfig { Network = network, ClassCount = 4, Lambda = 3 });
        yield return new VaeMlp(new VaeMlpConfig { HiddenSizes = new[] { 30 }, LatentSize = 3, Likelihood = Likelihood.Gaussian, ObservationStd = 0.2 });
        yield return new VaeConv(new VaeConvConfig { Channels = new[] { 8, 16 }, LatentSize = 7 });
        yield return new ArVae(new ArVaeConfig { Vae = new VaeConvConfig { Channels = [4, 8], LatentSize = 5 }, Attributes = [Pipeline.Data.Attributes.ImageAttribute.Slant], Gamma = 2, Delta = 3 });
        yield return new ConditionalVae(new ConditionalVaeConfig { HiddenSizes = new[] { 50, 25 }, LatentSize = 2, ClassCount = 3 });
        yield return new DdpmModel(new DdpmConfig { UNet = new UNetConfig { BaseChannels = 8, Groups = 2, Classes = 3 }, Timesteps = 50 });
        yield return new FashionClassifier(new FashionClassifierConfig { FeatureSize = 32 });
        yield return new LatentDdpmModel(new LatentDdpmConfig { Width = 48, Blocks = 1, TimeDim = 16, LatentScale = 0.5 });
        yield return new Fvsbn(new FvsbnConfig { ImageSize = 6 });
        yield return new Nade(new NadeConfig { ImageSize = 6, HiddenSize = 9 });
        yield return new Made(new MadeConfig { ImageSize = 6, HiddenSizes = [12, 10], Masks = 3, OrderAgnostic = true, MaskSeed = 4 });
        yield return new PixelCnn(new PixelCnnConfig { ImageSize = 6, Channels = 4, OutputChannels = 6, Blocks = 2, Categories = 256, Classes = 3 });
        yield return new GatedPixelCnn(new GatedPixelCnnConfig { ImageSize = 6, Channels = 3, Blocks = 1, FirstKernel = 5, Classes = 2 });
        var vq = new VqVaeConfig { Channels = [8, 8], ResidualBlocks = 1, Dimension = 3, Codes = 10, Ema = true, RestartDeadCodes = true, Beta = 0.5 };
        yield return new VqVae(vq);
        yield return new VqVaePrior(new VqVaePriorConfig { Autoencoder = vq, Prior = VqVaePriorConfig.ForCodes(vq, new PixelCnnConfig { Channels = 4, OutputChannels = 4, Blocks = 1, FirstKernel = 3, Classes = 4 }) });
        yield return new Gan(new GanConfig { Loss = AdversarialLoss.Wasserstein, LatentSize = 5, Channels = 3, Classes = 4, DiscriminatorSteps = 2 });
        yield return new AdversarialAutoencoder(new AdversarialAutoencoderConfig
        {
            Network = new ConvAutoencoderConfig { Channels = [4, 8], LatentSize = 3 }, Prior = LatentPriorKind.GaussianMixture, Classes = 5, DiscriminatorHidden = 7,
        });
        yield return new RealNvp(new RealNvpConfig { Shape = [1, 4, 4], Levels = 1, CouplingsPerStage = 2, FinalCouplings = 2, Hidden = 5, LogitAlpha = 0.1 });
    }

    [Test]
    public void CreatesEveryKindFromItsSavedConfiguration()
    {
        var kinds = new List<string>();
        foreach (var original in NonDefaultModels())
        {
            using var owned = original;
            var trainable = (ICheckpointable)original;
            kinds.Add(trainable.ModelKind);
            using var rebuilt = ModelCatalog.Create(trainable.ModelKind, trainable.ConfigJson);
            Assert.That(rebuilt.GetType(), Is.EqualTo(original.GetType()), trainable.ModelKind);
            Assert.That(((ICheckpointable)rebuilt).ConfigJson, Is.EqualTo(trainable.ConfigJson), trainable.ModelKind);
            Assert.That(rebuilt.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}"),
                Is.EqualTo(original.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}")), trainable.ModelKind);
            Assert.That(ModelCatalog.AsExportable(rebuilt).LatentSize, Is.EqualTo(ModelCatalog.AsExportable(original).LatentSize));
        }
        Assert.That(kinds, Is.EquivalentTo(ModelCatalog.Kinds), "every catalogued kind is covered once");
    }

    [Test]
    public void RefusesUnknownKindsAndBadConfigurations()
    {
        var unknown = Assert.Throws<InvalidDataException>(() => ModelCatalog.Create("energy-model", "{}"));
        Assert.That(unknown!.Message, Does.Contain("energy-model").And.Contain(VaeConv.Kind));
        var invalid = Assert.Throws<ArgumentException>(() => ModelCatalog.Create(VaeMlp.Kind, "{\"latent_size\": 0}"));
        Assert.That(invalid!.Message, Does.Contain("latent 0"));
        var malformed = Assert.Throws<InvalidDataException>(() => ModelCatalog.Create(ConditionalVae.Kind, "{\"likelihood\": \"poisson\"}"));
        Assert.That(malformed!.Message, Does.Contain("ConditionalVaeConfig"));
    }

    [Test]
    public void ConfigurationsRoundTripThroughJsonWithSnakeCaseNames()
    {
        var config = new ConditionalVaeConfig { Likelihood = Likelihood.Gaussian, ObservationStd = 0.05 };
        Assert.That(config.ToJson(), Does.Contain("\"likelihood\":\"gaussian\"").And.Contain("\"observation_std\":0.05").And.Contain("\"class_count\":10"));
        Assert.That(ConditionalVaeConfig.FromJson(config.ToJson()).ToJson(), Is.EqualTo(config.ToJson()));
    }
}
