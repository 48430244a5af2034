using System.Diagnostics;
using Pipeline.Data;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Flows;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Quantized;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Tools.Evaluation;

/// <summary>Measures a package through the runtime: sample quality against the test set, class accuracy, likelihood bounds.</summary>
public sealed class Evaluator
{
    private readonly ImageClassifier classifier;
    private readonly RealFeatures real;
    private readonly ImageDataset test;
    private readonly Lazy<RealFeatures> binarizedReal;
    private readonly Lazy<ImageDataset> digitsTest = new(() => TrainingDataSets.Load(TrainingData.Digits).Test);

    public Evaluator(ImageClassifier classifier, ImageDataset test, int realCount)
    {
        this.classifier = classifier;
        this.test = test;
        real = RealFeatures.Compute(classifier, test, realCount);
        // Binarized autoregressive packages draw 0/1 pixels: their samples are compared with a binarization of the test set.
        binarizedReal = new(() => RealFeatures.Compute(classifier, AutoregressiveLikelihood.Binarize(Commands.DatasetImages.From(test, realCount),
            new SeededRandom(unchecked((ulong)Pipeline.Models.Variational.ElboEvaluation.BinarizationSeed)))));
    }

    /// <param name="diffusion">
    /// How diffusion packages sample (e.g. DDIM-50); a guidance scale other than the package's (conditional packages only)
    /// is named in the result.
    /// </param>
    public EvaluationResult Evaluate(string directory, int count, long seed, int likelihoodImages, int importanceSamples, DiffusionSamplingOptions diffusion)
    {
        var read = PackageReader.Read(directory);
        Commands.SealCommand.WarnIfUnsealed(read, directory);
        if (read.Family == ModelFamily.Classifier) return EvaluateClassifier(directory);
        using var model = ModelPackage.OpenWithManifest(directory, read, null);
        if (FlowLikelihood.IsPoints(read)) return EvaluatePoints((FlowModel)model, count, seed);
        var manifest = model.Manifest;
        // A package trained on the digits is measured on the digits' test images; the feature network knows only clothes,
        // so its samples get no FID, KID or precision/recall.
        var digits = TrainingDataSets.FromName(manifest.Dataset) == TrainingData.Digits;
        var testSet = digits ? digitsTest.Value : test;
        ImageBatch Sample(int n, long s, int? label) => model is DiffusionModel d ? d.Sample(n, s, label, diffusion) : model.Sample(n, s, label);
        var sampler = model switch
        {
            DiffusionModel d => Describe(diffusion, d),
            AutoregressiveModel a => a.Spec.Categories == 2 ? "ancestral, vs binarized test set" : "ancestral",
            VectorQuantizedModel => "codes from the prior + decoder",
            FlowModel => "z ~ N(0, I), flow inversion",
            Pipeline.Runtime.Adversarial.GeneratorModel g => g.ClassesArePriorComponents ? "z from the class's mixture component + generator" : "z ~ N(0, I) + generator",
            _ => "prior + decoder",
        };
        var clock = Stopwatch.StartNew();
        ImageBatch images;
        IReadOnlyList<double>? accuracy = null;
        if (manifest.Classes is { } classes && !digits)
        {
            // count/K images of each class, then the classifier's accuracy per requested class
            var perClass = count / classes.Count;
            var batches = Enumerable.Range(0, classes.Count).Select(c => Sample(perClass, seed + c, c)).ToArray();
            clock.Stop();
            images = Commands.DatasetImages.Concat(batches);
            accuracy = batches.Select((b, c) => classifier.Predict(b).Count(p => p == c) / (double)b.Count).ToList();
        }
        else
        {
            images = Sample(count, seed, null);
            clock.Stop();
        }
        var features = digits ? null : classifier.Classify(images).Features;
        var latent = model as LatentVariableModel;
        var likelihood = manifest.Likelihood is not null && latent is not null
            ? VariationalBounds.Compute(latent, testSet, likelihoodImages, importanceSamples, seed)
            : null;
        var attributes = manifest.Attributes is not null && latent is not null ? AttributeFigures.Compute(latent, testSet, likelihoodImages) : null;
        var autoregressive = model as AutoregressiveModel;
        var (exact, flow) = (model, autoregressive) switch
        {
            (_, not null) => (AutoregressiveLikelihood.Compute(autoregressive, testSet, likelihoodImages, seed), null),
            (FlowModel f, _) => FlowLikelihood.Images(f, testSet, likelihoodImages, seed, againstDigits: !digits),
            _ => ((ExactLikelihood?)null, (FlowFigures?)null),
        };
        var codebook = model is VectorQuantizedModel quantized ? VectorQuantizedEvaluation.Compute(quantized, testSet, likelihoodImages) : null;
        var reference = autoregressive?.Spec.Categories == 2 ? binarizedReal.Value : real;
        return new EvaluationResult
        {
            Name = diffusion.GuidanceScale is { } w ? $"{manifest.Name} (guidance {w})" : manifest.Name,
            Family = PackageReader.Name(manifest.Family),
            Seed = seed,
            Sampler = sampler,
            Quality = features is null ? null : SampleQuality.Measure(reference, features, seed),
            ClassAccuracy = accuracy,
            Likelihood = likelihood,
            ExactLikelihood = exact,
            Codebook = codebook,
            Flow = flow,
            Attributes = attributes,
            Dataset = manifest.Dataset,
            ImagesPerSecond = images.Count / clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>"DDIM-50", "DDPM-1000", with ", guidance w" for conditional packages.</summary>
    private static string Describe(DiffusionSamplingOptions options, DiffusionModel model)
    {
        var steps = options.Steps ?? model.Schedule.TrainTimesteps;
        var name = $"{(options.Sampler == DiffusionSamplerKind.Ddim ? "DDIM" : "DDPM")}-{steps}{(options.Spacing == TimestepSpacing.Leading ? "" : $" {options.Spacing.ToString().ToLowerInvariant()}")}";
        return model.IsConditional ? $"{name}, guidance {options.GuidanceScale ?? model.Spec.GuidanceScale}" : name;
    }

    /// <summary>A toy flow of 2-D points: sampling speed, the density's mass on a grid and −log p of fresh points (no image metrics).</summary>
    private static EvaluationResult EvaluatePoints(FlowModel model, int count, long seed)
    {
        var clock = Stopwatch.StartNew();
        model.Sample(count, seed, new FlowSamplingOptions { BatchSize = 1000 });
        clock.Stop();
        return new EvaluationResult
        {
            Name = model.Manifest.Name, Family = PackageReader.Name(ModelFamily.Flow), Seed = seed, Sampler = "z ~ N(0, I), flow inversion (2-D points)",
            Flow = FlowLikelihood.Points(model, seed), ImagesPerSecond = count / clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>A classifier package: its accuracy on the whole test set.</summary>
    private EvaluationResult EvaluateClassifier(string directory)
    {
        using var other = ModelPackage.OpenClassifier(directory);
        var predicted = other.Predict(Commands.DatasetImages.From(test, test.Count));
        var correct = Enumerable.Range(0, test.Count).Count(i => predicted[i] == test.Label(i));
        return new EvaluationResult { Name = other.Manifest.Name, Family = PackageReader.Name(ModelFamily.Classifier), TestAccuracy = (double)correct / test.Count };
    }

    /// <summary>The calibration rows: training set, per-pixel Gaussians and uniform noise against the test set.</summary>
    public IEnumerable<EvaluationResult> Calibrate(ImageDataset train, int count, long seed)
    {
        foreach (var (name, images) in CalibrationSets.Create(train, count, seed))
        {
            var (_, features) = classifier.Classify(images);
            yield return new EvaluationResult { Name = name, Family = "calibration", Seed = seed, Quality = SampleQuality.Measure(real, features, seed) };
        }
    }
}
