using System.CommandLine;
using Pipeline.Data;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Evaluation;
using Pipeline.Tools.Images;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>Commands of autoencoder and VAE packages: latent manifold, interpolation, denoising, anomaly scores.</summary>
internal static class LatentCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Command("manifold", "Decode a grid of 2-D codes at the prior's quantiles (seed 000).", (result, model, output) =>
        {
            if (model.LatentSize != 2)
                throw new UsageException($"{model.Manifest.Name} has a {model.LatentSize}-D latent space: manifold draws 2-D ones (mlp-autoencoder, for one)");
            var side = result.GetValue(Side);
            if (side is < 2 or > 100) throw new UsageException($"--side {side}: pass 2 to 100 codes per side");
            model.Manifold(side).SaveGrid(output, side);
            return $"{side}×{side} latent manifold";
        }, Side);
        yield return Command("interpolate", "Decode t·z₀ + (1 − t)·z₁ between two encoded test images of the package's dataset (seed 004).", (result, model, output) =>
        {
            var test = TestSet(model);
            var steps = BenchCommand.Positive(result.GetValue(Steps), "--steps");
            var (a, b) = (TestIndex(result.GetValue(From), "--from", test), TestIndex(result.GetValue(To), "--to", test));
            model.Interpolate(DatasetImages.From(test.Subset([a]), 1), DatasetImages.From(test.Subset([b]), 1), steps).SaveGrid(output, steps);
            return $"interpolation between test images {a} and {b} in {steps} steps";
        }, Steps, From, To);
        yield return Command("denoise", "Add Gaussian noise to test images of the package's dataset and reconstruct them (denoising autoencoders).", (result, model, output) =>
        {
            var sigma = result.GetValue(Sigma);
            if (!double.IsFinite(sigma) || sigma < 0) throw new UsageException($"--sigma {sigma}: pass a noise standard deviation ≥ 0");
            var clean = DatasetImages.From(TestSet(model), 10);
            var noisy = DatasetImages.AddNoise(clean, sigma, 1);
            DatasetImages.Concat(clean, noisy, model.Reconstruct(noisy)).SaveGrid(output, clean.Count);
            return $"rows: clean, noisy (σ = {sigma}), denoised";
        }, Sigma);
        yield return Command("anomaly", "Score test images of the package's dataset (normal) and of the other dataset (anomalies) by reconstruction error; print the AUROC.", (result, model, output) =>
        {
            var count = BenchCommand.Positive(result.GetValue(Count), "--count");
            var (auroc, scored) = AnomalyAuroc(model, count);
            var (normal, anomalies) = IsDigits(model) ? ("MNIST digits test images", "Fashion-MNIST test images") : ("Fashion-MNIST test images", "MNIST digits");
            return $"AUROC of {anomalies} (anomalies) against {normal}, {scored} of each: {auroc:F4}";
        }, Count);
    }

    /// <summary>
    /// The AUROC of reconstruction errors: the test images of the package's own dataset as normal, the other dataset's as
    /// anomalies (MNIST digits in a fixed shuffled order for a Fashion-MNIST package; Fashion-MNIST test images for a
    /// digits package), at most <paramref name="count"/> of each and as many of each as the test set has (1,000 digits).
    /// </summary>
    private static (double Auroc, int Count) AnomalyAuroc(LatentVariableModel model, int count)
    {
        var test = TestSet(model);
        count = Math.Min(count, test.Count);
        var normal = model.ReconstructionErrors(DatasetImages.From(test, count));
        var others = DatasetImages.From(IsDigits(model) ? TrainingDataSets.Test(TrainingData.Fashion) : MixedDigits.Take(MnistDigits.Load(), count), count);
        return (Auroc.Compute(model.ReconstructionErrors(others), normal), count);
    }

    private static bool IsDigits(LatentVariableModel model) => TrainingDataSets.FromName(model.Manifest.Dataset) == TrainingData.Digits;

    /// <summary>The test set of the dataset the package was trained on; conditional packages are refused (these commands take no class).</summary>
    private static ImageDataset TestSet(LatentVariableModel model) =>
        model.IsConditional
            ? throw new UsageException($"{model.Manifest.Name} is class-conditional: interpolate, denoise and anomaly take unconditional packages (sample it with --class instead)")
            : TrainingDataSets.Test(IsDigits(model) ? TrainingData.Digits : TrainingData.Fashion);

    private static int TestIndex(int index, string option, ImageDataset test) =>
        index >= 0 && index < test.Count ? index : throw new UsageException($"{option} {index} is not a test image: pass 0 to {test.Count - 1}");

    private static readonly Option<int> Side = new("--side") { Description = "codes per side", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> Steps = new("--steps") { Description = "interpolation steps", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> From = new("--from") { Description = "index of the first test image", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> To = new("--to") { Description = "index of the second test image", DefaultValueFactory = _ => 1 };
    private static readonly Option<double> Sigma = new("--sigma") { Description = "noise standard deviation", DefaultValueFactory = _ => 0.5 };
    private static readonly Option<int> Count = new("--count") { Description = "images of each set", DefaultValueFactory = _ => 2000 };

    private static Command Command(string name, string description, Func<ParseResult, LatentVariableModel, string, string> run, params Option[] options)
    {
        var runtime = new RuntimeArguments();
        var output = new Option<string>("--out") { Description = "PNG to write", DefaultValueFactory = _ => $"{name}.png" };
        var command = new Command(name, description) { output };
        foreach (var option in options) command.Add(option);
        runtime.AddTo(command);
        command.SetAction(result =>
        {
            using var model = ModelPackage.OpenLatent(runtime.Model(result), runtime.Options(result));
            var path = result.GetValue(output)!;
            var what = run(result, model, path);
            AnsiConsole.MarkupLineInterpolated($"{model.Manifest.Name}: {what}{(name == "anomaly" ? "" : $" → {path}")}");
            return 0;
        });
        return command;
    }
}
