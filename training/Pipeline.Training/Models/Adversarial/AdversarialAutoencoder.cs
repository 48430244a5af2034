using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Models.Autoencoders;
using Pipeline.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// The adversarial autoencoder (seed 002, "Construire l'espace latent d'échantillonnage"; Makhzani et al. 2016): a
/// deterministic autoencoder whose code distribution q(z) is matched to a prior p(z) by a discriminator on codes, so the
/// decoder becomes a sampler of p(z). Each batch runs the paper's phases (<see cref="Phases"/>): reconstruction (encoder
/// and decoder minimize the pixels' binary cross-entropy), regularization of the discriminator (prior draws are real,
/// codes E(x) fake) and of the encoder as a generator (non-saturating: −log D(E(x))). With the mixture prior the
/// discriminator also sees the one-hot class (Makhzani §2.3), so class c lands in component c.
/// </summary>
public sealed class AdversarialAutoencoder : nn.Module, IAdversarialModel, IExportableModel, IAdversarialExport, IImageGenerator
{
    public const string Kind = "aae";

    private readonly Sequential autoencoder;
    private readonly Sequential discriminator;
    private readonly Tensor component_means;
    private readonly IAdversarialObjective objective = new NonSaturatingObjective();

    public AdversarialAutoencoderConfig Config { get; }

    public AdversarialAutoencoder(AdversarialAutoencoderConfig config) : base(nameof(AdversarialAutoencoder))
    {
        config.Validate();
        Config = config;
        autoencoder = nn.Sequential(
            ("encoder", (nn.Module<Tensor, Tensor>)ConvAutoencoder.BuildEncoder(config.Network)),
            ("decoder", ConvAutoencoder.BuildDecoder(config.Network)));
        var latent = config.Network.LatentSize;
        var input = latent + (Labelled ? config.Classes : 0);
        var hidden = config.DiscriminatorHidden;
        discriminator = nn.Sequential(nn.Linear(input, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, 1));
        component_means = Labelled
            ? tensor(GaussianMixturePrior.Means(config.Classes, latent, config.MixtureRadius), [config.Classes, latent]).to(float32)
            : zeros(0, latent);
        RegisterComponents();
    }

    public string ModelKind => Kind;

    public string ConfigJson => Config.ToJson();

    public PixelTransform TrainingPixels => PixelTransform.ZeroOne;

    /// <summary>E: images [N, 1, H, W] → codes [N, Z].</summary>
    public nn.Module<Tensor, Tensor> Encoder => (nn.Module<Tensor, Tensor>)autoencoder[0];

    /// <summary>G: codes [N, Z] → images [N, 1, H, W] in [0, 1].</summary>
    public nn.Module<Tensor, Tensor> Decoder => (nn.Module<Tensor, Tensor>)autoencoder[1];

    /// <summary>Whether the discriminator sees the class (the mixture prior, one component per class).</summary>
    private bool Labelled => Config.Prior == LatentPriorKind.GaussianMixture;

    public IReadOnlyList<TrainingPhase> Phases =>
    [
        new TrainingPhase("reconstruction", autoencoder, ReconstructionLoss),
        new TrainingPhase("discriminator", discriminator, DiscriminatorLoss),
        new TrainingPhase("generator", Encoder, GeneratorLoss),
    ];

    /// <summary>The reconstruction phase: binary cross-entropy per pixel of G(E(x)) against x.</summary>
    public LossTerms ReconstructionLoss(Batch batch, Generator noise) =>
        LossTerms.Single("bce", F.binary_cross_entropy(autoencoder.call(batch.Images), batch.Images));

    /// <summary>The regularization phase's discriminator: prior draws z ~ p(z) are real, codes E(x) (not back-propagated) fake.</summary>
    public LossTerms DiscriminatorLoss(Batch batch, Generator noise)
    {
        var prior = SamplePrior(batch.Labels, noise);
        Tensor codes;
        using (no_grad()) codes = Encoder.call(batch.Images);
        var realScores = Score(prior, batch.Labels);
        var fakeScores = Score(codes, batch.Labels);
        return new LossTerms(objective.DiscriminatorLoss(realScores, fakeScores), AdversarialParts.Scores(realScores, fakeScores));
    }

    /// <summary>The regularization phase's generator: the encoder makes its codes pass for prior draws, −log D(E(x)).</summary>
    public LossTerms GeneratorLoss(Batch batch, Generator noise) =>
        new(objective.GeneratorLoss(Score(Encoder.call(batch.Images), batch.Labels)), []);

    public Tensor SampleImages(long count, Generator noise) => EvaluationMode.Run(this, () =>
        Decoder.call(SamplePrior(arange(count, device: component_means.device).remainder(Config.Classes), noise)));

    /// <summary>z ~ p(z): N(0, I), or the component of each item's class [N] → [N, Z].</summary>
    public Tensor SamplePrior(Tensor labels, Generator noise) => Labelled
        ? GaussianMixturePrior.Sample(component_means, Config.ComponentStd, labels, noise)
        : Noise.Randn([labels.shape[0], Config.Network.LatentSize], noise, labels.device);

    private Tensor Score(Tensor codes, Tensor labels) =>
        discriminator.call(Labelled ? cat([codes, F.one_hot(labels, Config.Classes).to(codes.dtype)], 1) : codes)[.., 0];

    public ExportFamily Family => ExportFamily.Adversarial;

    public int LatentSize => Config.Network.LatentSize;

    /// <summary>The mixture's classes (sampled through the prior: the networks take no label); none for N(0, I).</summary>
    public int? ClassCount => Labelled ? Config.Classes : null;

    public long[] Shape => [1, Config.Network.ImageSize, Config.Network.ImageSize];

    public GeneratorOutput Output => GeneratorOutput.Sigmoid;

    public LatentPriorKind Prior => Config.Prior;

    public double[]? ComponentMeans => Labelled ? GaussianMixturePrior.Means(Config.Classes, LatentSize, Config.MixtureRadius) : null;

    public double ComponentStd => Labelled ? Config.ComponentStd : 1;

    /// <summary>"generator" (the decoder): latent [N, Z] → image [N, 1, H, W] in [0, 1]; "encoder": image → latent.</summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks()
    {
        var side = (long)Config.Network.ImageSize;
        return
        [
            new ExportableNetwork
            {
                Role = "generator", Inputs = [new NetworkInput("latent", [-1L, LatentSize])], Outputs = ["image"], Module = Decoder,
            },
            new ExportableNetwork
            {
                Role = "encoder", Inputs = [new NetworkInput("image", [-1L, 1, side, side], InputValues.UnitInterval)], Outputs = ["latent"], Module = Encoder,
            },
        ];
    }
}
