using System.CommandLine;
using Pipeline.Data;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Evaluation;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`eval`: every metric a package supports, measured on what the runtime generates.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "exported package to evaluate" };
        var calibration = new Option<bool>("--calibration") { Description = "evaluate the calibration sets (training set, per-pixel Gaussians, uniform noise) instead" };
        var classifier = new Option<string>("--classifier") { Description = "the feature network's package", DefaultValueFactory = _ => "exported/fashion-classifier" };
        var count = new Option<int>("--count") { Description = "generated images (and test images) compared", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<long>("--seed") { Description = "seed of the generated images", DefaultValueFactory = _ => 1 };
        var likelihoodImages = new Option<int>("--likelihood-images") { Description = "test images of the likelihood bounds (exact likelihood of autoregressive packages, reconstructions and prior likelihood of VQ-VAE packages)", DefaultValueFactory = _ => 1000 };
        var samples = new Option<int>("--iw-samples") { Description = "importance samples K of the IWAE bound", DefaultValueFactory = _ => 100 };
        var diffusionSteps = new Option<int>("--diffusion-steps") { Description = "diffusion packages: DDIM steps (0: DDPM with all T steps)", DefaultValueFactory = _ => 50 };
        var spacing = DiffusionArguments.Spacing();
        var guidance = new Option<double?>("--guidance") { Description = "class-conditional diffusion packages: guidance scale w ≥ 0 (default: the package's); the result is saved as '<name> (guidance w)'" };
        var output = new Option<string>("--results") { Description = "folder where the results are saved for the report", DefaultValueFactory = _ => EvaluationStore.DefaultDirectory };
        var command = new Command("eval", "Measure FID, KID, precision/recall, class accuracy and likelihoods (bounds, or exact for autoregressive packages) of a package through the runtime.")
        {
            model, calibration, classifier, count, seed, likelihoodImages, samples, diffusionSteps, spacing, guidance, output,
        };
        command.SetAction(result =>
        {
            var n = BenchCommand.Positive(result.GetValue(count), "--count");
            var likelihoodCount = BenchCommand.Positive(result.GetValue(likelihoodImages), "--likelihood-images");
            var importanceSamples = BenchCommand.Positive(result.GetValue(samples), "--iw-samples");
            var steps = result.GetValue(diffusionSteps);
            if (steps < 0) throw new UsageException($"--diffusion-steps {steps}: use 0 (DDPM, all T steps) or a positive DDIM step count");
            var diffusion = new DiffusionSamplingOptions
            {
                Sampler = steps > 0 ? DiffusionSamplerKind.Ddim : DiffusionSamplerKind.Ddpm,
                Steps = steps > 0 ? steps : null,
                Spacing = result.GetValue(spacing),
                GuidanceScale = DiffusionArguments.CheckGuidance(result.GetValue(guidance)),
            };
            var path = result.GetValue(model);
            if (path is null == !result.GetValue(calibration)) throw new UsageException("pass --model <package> or --calibration");
            // Checked before the classifier and the test set are loaded: misuse is reported at once.
            if (diffusion.GuidanceScale is not null && path is not null && PackageReader.Read(path) is var manifest
                && (manifest.Family is not (ModelFamily.Diffusion or ModelFamily.LatentDiffusion) || manifest.Classes is null))
                throw new UsageException($"--guidance: {manifest.Name} is not a class-conditional diffusion package; leave it out");
            using var features = ModelPackage.OpenClassifier(result.GetValue(classifier)!);
            var test = FashionMnist.Load(FashionMnistSplit.Test);
            var evaluator = new Evaluator(features, test, Math.Min(n, test.Count));
            var results = path is null
                ? evaluator.Calibrate(FashionMnist.Load(FashionMnistSplit.Train), n, result.GetValue(seed)).ToList()
                : new List<EvaluationResult> { evaluator.Evaluate(path, n, result.GetValue(seed), likelihoodCount, importanceSamples, diffusion) };
            foreach (var r in results)
            {
                Print(r);
                EvaluationStore.Save(result.GetValue(output)!, r);
            }
            return 0;
        });
        return command;
    }

    private static void Print(EvaluationResult r)
    {
        var table = new Table().AddColumns("metric", "value").Title($"{r.Name} ({r.Family}, seed {r.Seed})");
        if (r.Quality is { } q)
        {
            table.AddRow("images compared", $"{q.Count:N0} generated ({r.Sampler}) vs the test set");
            table.AddRow("FID", $"{q.Fid:F2}");
            table.AddRow("KID", $"{q.Kid:F3} ± {q.KidStandardDeviation:F3}");
            table.AddRow("precision / recall (k = 3)", $"{q.Precision:F3} / {q.Recall:F3}");
        }
        if (r.ClassAccuracy is { } accuracy)
            table.AddRow("classifier accuracy on requested classes", $"{accuracy.Average():P1} (per class {string.Join(" ", accuracy.Select(a => a.ToString("P0")))})");
        if (r.Likelihood is { } l)
        {
            table.AddRow("protocol", Markup.Escape(l.Protocol));
            table.AddRow("−ELBO", $"{l.NegativeElbo:F2} nats/image ({l.ElboBitsPerDimension:F4} bits/dim), {l.Images:N0} test images");
            table.AddRow($"−IWAE (K = {l.Samples})", $"{l.NegativeIwae:F2} nats/image ({l.IwaeBitsPerDimension:F4} bits/dim)");
        }
        if (r.ExactLikelihood is { } exact)
        {
            table.AddRow("protocol", Markup.Escape(exact.Protocol));
            table.AddRow("−log p(x), exact", $"{exact.NatsPerImage:F2} nats/image ({exact.BitsPerDimension:F4} bits/dim), {exact.Images:N0} test images");
        }
        if (r.Codebook is { } c)
        {
            table.AddRow("reconstruction MSE", $"{c.ReconstructionMse:G4} per pixel, {c.Images:N0} test images through the codebook");
            table.AddRow("codebook perplexity", $"{c.Perplexity:F1} of {c.Codes} codes, {c.DeadCodes} unused on these images");
            table.AddRow("prior −log p(z), exact", $"{c.PriorNatsPerGrid:F2} nats/image ({c.PriorBitsPerCode:F4} bits/code, uniform {Math.Log2(c.Codes):F4})");
        }
        if (r.Flow is { OodAuroc: { } auroc } ood)
            table.AddRow("out of distribution (bits/dim)", $"MNIST digits {ood.DigitsBitsPerDim:F4} bits/dim; AUROC {auroc:F3} of Fashion test vs {ood.OodImages:N0} digits (digits positive)");
        if (r.Flow is { DensityMass: { } mass } toy)
            table.AddRow("learned density", $"∫ p = {mass:F4} on [[−4, 4]]²{(toy.PointsNll is { } nll ? $"; −log p of {toy.Points:N0} fresh points {nll:F4} nats" : "")}");
        if (r.Attributes is { } attributes)
        {
            foreach (var a in attributes.Attributes)
                table.AddRow($"{a.Name} (dimension {a.Dimension})", $"Spearman ρ {a.Spearman:F3}; most informative dimension {a.MostInformativeDimension}, R² {a.InterpretabilityRSquared:F3}");
            table.AddRow("interpretability (Adel et al.)", $"{attributes.Interpretability:F3}, mean R² over {attributes.Attributes.Count} attributes, {attributes.Images:N0} test images{(r.Dataset is { } d ? $" of {d}" : "")}");
        }
        if (r.TestAccuracy is { } testAccuracy) table.AddRow("test accuracy", $"{testAccuracy:P2} of 10,000 test images");
        if (r.ImagesPerSecond is { } speed) table.AddRow("sampling speed", $"{speed:F1} images/s (CPU)");
        AnsiConsole.Write(table);
    }
}
