using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Export.Networks;
using Pipeline.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// A GAN (seed 002: the minimax game, Algorithm 1 with k discriminator steps, WGAN-GP, conditional GANs; seed 003: the
/// non-saturating generator loss): a generator G(z [, c]) and a discriminator D(x), trained as two players
/// (<see cref="Phases"/>: D on every batch, G after every k-th) with the criterion of <see cref="GanConfig.Loss"/>.
/// With classes it is class-conditional: G takes the one-hot class, and D scores realness given the class by projection
/// (Miyato and Koyama 2018) or, as an AC-GAN (Odena et al. 2017, the seed's conditional-generation figure), also predicts
/// the class while both players add its log-likelihood (<see cref="GanConditioning"/>).
/// </summary>
public sealed class Gan : nn.Module, IAdversarialModel, IExportableModel, IAdversarialExport, IImageGenerator
{
    public const string Kind = "gan";

    private readonly Sequential generator;
    private readonly Sequential discriminator;
    private readonly IAdversarialObjective objective;

    public GanConfig Config { get; }

    public Gan(GanConfig config) : base(nameof(Gan))
    {
        config.Validate();
        Config = config;
        generator = GanNetworks.Generator(config);
        discriminator = GanNetworks.Discriminator(config);
        objective = IAdversarialObjective.For(config.Loss);
        RegisterComponents();
    }

    public string ModelKind => Kind;

    public string ConfigJson => Config.ToJson();

    /// <summary>Images in [−1, 1] for a tanh generator (x/127.5 − 1), else [0, 1].</summary>
    public PixelTransform TrainingPixels => Config.Output == GeneratorOutput.Tanh ? PixelTransform.MinusOneOne : PixelTransform.ZeroOne;

    /// <summary>G: [N, Z (+ K)] → [N, C, H, W].</summary>
    public Sequential Generator => generator;

    /// <summary>D: [N, C, H, W] → scores [N, 1 (+ K)].</summary>
    public Sequential Discriminator => discriminator;

    public IReadOnlyList<TrainingPhase> Phases =>
    [
        new TrainingPhase("discriminator", discriminator, DiscriminatorLoss),
        new TrainingPhase("generator", generator, GeneratorLoss, Config.DiscriminatorSteps),
    ];

    /// <summary>G(z, c): z [N, Z] and, for a class-conditional GAN, class labels [N] (int64) → samples [N, C, H, W].</summary>
    public Tensor Generate(Tensor z, Tensor? labels = null) => generator.call(Input(z, labels));

    public Tensor SampleImages(long count, Generator noise) => EvaluationMode.Run(this, () =>
    {
        var device = generator.parameters().First().device;
        var z = Noise.Randn([count, Config.LatentSize], noise, device);
        var labels = Config.Classes is int classes ? arange(count, device: device).remainder(classes) : null;
        var images = Generate(z, labels);
        return Config.Output == GeneratorOutput.Tanh ? (images + 1) / 2 : images;
    });

    /// <summary>
    /// The discriminator's step (Algorithm 1's inner loop; WGAN-GP's lines 2–9): a batch of real data and as many
    /// samples of G (not back-propagated into G), the criterion's discriminator loss, plus λ·GP for WGAN-GP and the class
    /// negative log-likelihoods of real and generated images for an AC-GAN.
    /// </summary>
    public LossTerms DiscriminatorLoss(Batch batch, Generator noise)
    {
        var real = batch.Images;
        var (z, labels) = Draw(batch.Size, noise, real.device);
        Tensor fake;
        using (no_grad()) fake = Generate(z, labels);
        var realScores = discriminator.call(real);
        var fakeScores = discriminator.call(fake);
        var (realScore, fakeScore) = (Score(realScores, batch.Labels), Score(fakeScores, labels));
        var loss = objective.DiscriminatorLoss(realScore, fakeScore);
        var parts = new List<(string, Tensor)>();
        if (Config.Loss == AdversarialLoss.Wasserstein)
        {
            var epsilon = Noise.Rand([batch.Size], noise, real.device);
            // The interpolates are scored with the real images' classes (a conditional critic's usual choice).
            var penalty = GradientPenalty.Compute(x => Score(discriminator.call(x), batch.Labels), real, fake, epsilon, Config.PenaltyWeight);
            loss = loss + penalty;
            parts.Add((AdversarialParts.Wasserstein, (realScore.mean() - fakeScore.mean()).detach()));
            parts.Add((AdversarialParts.Penalty, penalty.detach()));
        }
        else
        {
            parts.AddRange(AdversarialParts.Scores(realScore, fakeScore));
        }
        if (AuxiliaryClassifier)
            loss = loss + Config.ClassWeight * (F.cross_entropy(ClassLogits(realScores), batch.Labels) + F.cross_entropy(ClassLogits(fakeScores), labels!));
        return new LossTerms(loss, parts);
    }

    /// <summary>The generator's step (Algorithm 1's last lines; WGAN-GP's lines 11–12): fresh z (and classes), the criterion's generator loss (plus the class NLL of its samples for an AC-GAN).</summary>
    public LossTerms GeneratorLoss(Batch batch, Generator noise)
    {
        var (z, labels) = Draw(batch.Size, noise, batch.Images.device);
        var scores = discriminator.call(Generate(z, labels));
        var loss = objective.GeneratorLoss(Score(scores, labels));
        if (AuxiliaryClassifier) loss = loss + Config.ClassWeight * F.cross_entropy(ClassLogits(scores), labels!);
        return new LossTerms(loss, []);
    }

    /// <summary>z ~ N(0, I) [N, Z] and, for a class-conditional GAN, classes uniform over 0..K−1 [N].</summary>
    private (Tensor Z, Tensor? Labels) Draw(long count, Generator noise, Device device) =>
        (Noise.Randn([count, Config.LatentSize], noise, device),
         Config.Classes is int classes ? Noise.RandInt(0, classes, [count], noise, device) : null);

    private Tensor Input(Tensor z, Tensor? labels) => Config.Classes is int classes
        ? cat([z, F.one_hot(labels ?? throw new ArgumentException("a class-conditional GAN generates a class: pass one label per z"), classes).to(z.dtype)], 1)
        : labels is null ? z : throw new ArgumentException("this GAN is unconditional: pass no labels");

    private bool AuxiliaryClassifier => Config.Classes is not null && Config.Conditioning == GanConditioning.AuxiliaryClassifier;
    private bool Projection => Config.Classes is not null && Config.Conditioning == GanConditioning.Projection;

    /// <summary>The realness logit: s₀, or s₀ + s_y with the projection discriminator (y [N], the images' classes).</summary>
    private Tensor Score(Tensor scores, Tensor? labels) => Projection
        ? scores[.., 0] + scores[.., 1..].gather(1, labels!.unsqueeze(1)).squeeze(1)
        : scores[.., 0];

    private static Tensor ClassLogits(Tensor scores) => scores[.., 1..];

    public ExportFamily Family => ExportFamily.Adversarial;

    public int LatentSize => Config.LatentSize;

    public int? ClassCount => Config.Classes;

    public long[] Shape => Config.Shape;

    public GeneratorOutput Output => Config.Output;

    public LatentPriorKind Prior => LatentPriorKind.StandardNormal;

    public double[]? ComponentMeans => null;

    public double ComponentStd => 1;

    /// <summary>"generator": latent [N, Z] (+ label [N, K], one-hot) → image [N, C, H, W] (tanh: in [−1, 1]).</summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks() =>
    [
        new ExportableNetwork
        {
            Role = "generator",
            Inputs = Config.Classes is int classes
                ? [new NetworkInput("latent", [-1L, Config.LatentSize]), new NetworkInput("label", [-1L, classes], InputValues.OneHot)]
                : [new NetworkInput("latent", [-1L, Config.LatentSize])],
            Outputs = ["image"],
            Module = Config.Classes is null ? generator : new ConcatenatedInputs(generator),
        },
    ];
}
