using System.CommandLine;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Models.Adversarial;
using Pipeline.Randomness;
using Pipeline.Runtime.Images;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Evaluation;
using Pipeline.Tools.Images;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Commands;

/// <summary>
/// `train gan` (seed 002's minimax GAN with k discriminator steps, seed 003's non-saturating GAN, WGAN-GP, the AC-GAN) and
/// `train aae` (the adversarial autoencoder): two-player training with sample grids from one fixed z, mid-epoch
/// checkpoints, and divergence checks (NaN, a collapsed discriminator, mode collapse seen as falling recall).
/// </summary>
internal static class AdversarialCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return GanCommand();
        yield return AaeCommand();
    }

    private static Command GanCommand()
    {
        var loss = new Option<AdversarialLoss>("--loss")
        {
            Description = "minimax, non-saturating or wasserstein (WGAN-GP)", DefaultValueFactory = _ => AdversarialLoss.NonSaturating,
            CustomParser = argument => Parse<AdversarialLoss>(argument.Tokens.Single().Value, "--loss", "minimax, non-saturating or wasserstein"),
        };
        var architecture = new Option<GanArchitecture>("--architecture")
        {
            Description = "dcgan or mlp", DefaultValueFactory = _ => GanArchitecture.Dcgan,
            CustomParser = argument => Parse<GanArchitecture>(argument.Tokens.Single().Value, "--architecture", "dcgan or mlp"),
        };
        var latent = new Option<int>("--latent") { Description = "size of z ~ N(0, I)", DefaultValueFactory = _ => 64 };
        var channels = new Option<int>("--channels") { Description = "base channels C (DCGAN: 2C → C in the generator, C → 2C in the discriminator; MLP: hidden units)", DefaultValueFactory = _ => 32 };
        var conditional = new Option<bool>("--conditional") { Description = "class-conditional on the 10 classes: G takes the class, D uses it as --conditioning says" };
        var conditioning = new Option<GanConditioning>("--conditioning")
        {
            Description = "projection (D scores realness given the class) or auxiliary-classifier (AC-GAN: D also predicts the class)",
            DefaultValueFactory = _ => GanConditioning.Projection,
            CustomParser = argument => Parse<GanConditioning>(argument.Tokens.Single().Value, "--conditioning", "projection or auxiliary-classifier"),
        };
        var steps = new Option<int?>("--k") { Description = "discriminator steps per generator step (default 1; 5 for wasserstein, n_critic)" };
        var penalty = new Option<double>("--gp") { Description = "λ of WGAN-GP's gradient penalty", DefaultValueFactory = _ => 10 };
        var classWeight = new Option<double>("--class-weight") { Description = "weight of the AC-GAN's class terms (auxiliary-classifier)", DefaultValueFactory = _ => 1 };
        var (beta1, beta2) = Betas();
        var (preview, recall, classifier) = Monitoring();
        var grids = new PreviewGrids();
        Option[] options = [loss, architecture, latent, channels, conditional, conditioning, steps, penalty, classWeight, beta1, beta2, preview, recall, classifier];
        return ModelTrainingCommand.Create("gan", Gan.Kind,
            "GAN (seeds 002, 003): DCGAN players; minimax (Algorithm 1, k discriminator steps), non-saturating, or WGAN-GP (λ = 10, n_critic = 5, Adam 1e-4, β = (0, 0.9)); --conditional for a class-conditional GAN (projection discriminator, or AC-GAN).",
            new TrainingDefaults(10, 64, 2e-4), options,
            result =>
            {
                var wasserstein = result.GetValue(loss) == AdversarialLoss.Wasserstein;
                return new Gan(new GanConfig
                {
                    Loss = result.GetValue(loss), Architecture = result.GetValue(architecture), LatentSize = result.GetValue(latent),
                    Channels = result.GetValue(channels), Classes = result.GetValue(conditional) ? 10 : null, Conditioning = result.GetValue(conditioning),
                    DiscriminatorSteps = result.GetValue(steps) ?? (wasserstein ? 5 : 1), PenaltyWeight = result.GetValue(penalty),
                    ClassWeight = result.GetValue(classWeight),
                });
            },
            (model, _, _, _) => AnsiConsole.MarkupLine("the generator is exported by tools/pipeline export; sample grids are beside the checkpoint"),
            (result, model, progress) => grids.Write(model, progress.Step, result.GetValue(preview), result.GetValue<string>("--out")!),
            configure: (result, options) =>
            {
                // Gulrajani et al.'s defaults for WGAN-GP, Radford et al.'s for the DCGAN losses, unless given.
                var wasserstein = result.GetValue(loss) == AdversarialLoss.Wasserstein;
                return options with
                {
                    LearningRate = Given(result, "--lr") ? options.LearningRate : wasserstein ? 1e-4 : 2e-4,
                    Beta1 = result.GetValue(beta1) ?? (wasserstein ? 0 : 0.5),
                    Beta2 = result.GetValue(beta2) ?? (wasserstein ? 0.9 : 0.999),
                };
            },
            checks: (result, model, test) => Checks(result, model, test, recall, classifier, model.Config.Loss != AdversarialLoss.Wasserstein));
    }

    private static Command AaeCommand()
    {
        var latent = new Option<int>("--latent") { Description = "size of the code z", DefaultValueFactory = _ => 8 };
        var prior = new Option<LatentPriorKind>("--prior")
        {
            Description = "standard-normal, or gaussian-mixture (one component per class, the class given to the discriminator)",
            DefaultValueFactory = _ => LatentPriorKind.StandardNormal,
            CustomParser = argument => Parse<LatentPriorKind>(argument.Tokens.Single().Value, "--prior", "standard-normal or gaussian-mixture"),
        };
        var radius = new Option<double>("--radius") { Description = "radius of the circle of the mixture's means", DefaultValueFactory = _ => 4 };
        var std = new Option<double>("--component-std") { Description = "σ of each mixture component", DefaultValueFactory = _ => 0.5 };
        var hidden = new Option<int>("--hidden") { Description = "units of the latent discriminator's two hidden layers", DefaultValueFactory = _ => 256 };
        var (beta1, beta2) = Betas();
        var (preview, recall, classifier) = Monitoring();
        var grids = new PreviewGrids();
        Option[] options = [latent, prior, radius, std, hidden, beta1, beta2, preview, recall, classifier];
        return ModelTrainingCommand.Create("aae", AdversarialAutoencoder.Kind,
            "Adversarial autoencoder (seed 002, Makhzani et al.): a conv autoencoder whose codes a discriminator matches to N(0, I) or a per-class Gaussian mixture; phases reconstruction, discriminator, generator on every batch.",
            new TrainingDefaults(10, 64, 5e-4), options,
            result => new AdversarialAutoencoder(new AdversarialAutoencoderConfig
            {
                Network = new Pipeline.Models.Autoencoders.ConvAutoencoderConfig { Channels = [32, 64], LatentSize = result.GetValue(latent) },
                Prior = result.GetValue(prior), MixtureRadius = result.GetValue(radius), ComponentStd = result.GetValue(std),
                DiscriminatorHidden = result.GetValue(hidden),
            }),
            (model, _, _, _) => AnsiConsole.MarkupLine("the decoder is exported as the generator by tools/pipeline export; sample grids are beside the checkpoint"),
            (result, model, progress) => grids.Write(model, progress.Step, result.GetValue(preview), result.GetValue<string>("--out")!),
            configure: (result, options) => options with { Beta1 = result.GetValue(beta1) ?? 0.5, Beta2 = result.GetValue(beta2) ?? 0.999 },
            checks: (result, model, test) => Checks(result, model, test, recall, classifier, collapse: true));
    }

    private static (Option<double?> Beta1, Option<double?> Beta2) Betas() =>
        (new Option<double?>("--beta1") { Description = "Adam's β₁ (default 0.5; 0 for wasserstein)" },
         new Option<double?>("--beta2") { Description = "Adam's β₂ (default 0.999; 0.9 for wasserstein)" });

    private static (Option<int> Preview, Option<int> Recall, Option<string> Classifier) Monitoring() =>
        (new Option<int>("--preview-every") { Description = "write a grid of 64 samples from one fixed z every this many steps (0: never)", DefaultValueFactory = _ => 500 },
         new Option<int>("--recall-every") { Description = "measure recall every this many steps and stop on mode collapse (0: never)", DefaultValueFactory = _ => 2000 },
         new Option<string>("--classifier") { Description = "the feature network of the recall check", DefaultValueFactory = _ => "exported/fashion-classifier" });

    /// <summary>The collapsed-discriminator check (not for WGAN critics) and, where the feature network is, the recall check.</summary>
    private static IReadOnlyList<IDivergenceCheck> Checks<TModel>(ParseResult result, TModel model, ImageDataset test, Option<int> recall, Option<string> classifier, bool collapse)
        where TModel : IImageGenerator
    {
        var checks = new List<IDivergenceCheck>();
        if (collapse) checks.Add(new DiscriminatorCollapse());
        var every = result.GetValue(recall);
        var path = result.GetValue(classifier)!;
        if (every <= 0) return checks;
        if (result.GetValue<TrainingData>("--data") != TrainingData.Fashion)
        {
            AnsiConsole.MarkupLine("the feature network knows Fashion-MNIST's clothes: recall is not checked on other data");
            return checks;
        }
        if (!Directory.Exists(path))
        {
            AnsiConsole.MarkupLineInterpolated($"no feature network at {path}: recall is not checked (pass --classifier, or --recall-every 0)");
            return checks;
        }
        const int count = 2000;
        var network = ModelPackage.OpenClassifier(path);   // owned by the check, disposed with it when training ends
        checks.Add(new RecallCollapse(() => Images(model, count, seed: 7), network, RealFeatures.Compute(network, test, count), every));
        return checks;
    }

    /// <summary><paramref name="count"/> samples from a fixed seed, so grids over training show the same z.</summary>
    internal static ImageBatch Images(IImageGenerator model, int count, long seed)
    {
        using var scope = NewDisposeScope();
        using var noise = Noise.Seeded(seed);
        var images = model.SampleImages(count, noise).cpu();
        return new ImageBatch(count, (int)images.shape[1], (int)images.shape[2], (int)images.shape[3], images.clamp(0, 1).data<float>().ToArray());
    }

    private static bool Given(ParseResult result, string option) =>
        result.Tokens.Any(t => t.Type == System.CommandLine.Parsing.TokenType.Option && t.Value == option);

    /// <summary>"non-saturating" (or "NonSaturating") as the enum value; anything else is a usage error naming the choices.</summary>
    private static T Parse<T>(string text, string option, string choices) where T : struct, Enum =>
        Enum.TryParse<T>(text.Replace("-", "").Replace("_", ""), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new UsageException($"{option} '{text}' is not one of {choices}");
}
