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
            var side = result.GetValue(Side);
            model.Manifold(side).SaveGrid(output, side);
            return $"{side}×{side} latent manifold";
        }, Side);
        yield return Command("interpolate", "Decode t·z₀ + (1 − t)·z₁ between two encoded test images (seed 004).", (result, model, output) =>
        {
            var test = DatasetImages.From(FashionMnist.Load(FashionMnistSplit.Test), 1000);
            var steps = result.GetValue(Steps);
            var (a, b) = (result.GetValue(From), result.GetValue(To));
            model.Interpolate(test.Slice(a, 1), test.Slice(b, 1), steps).SaveGrid(output, steps);
            return $"interpolation between test images {a} and {b} in {steps} steps";
        }, Steps, From, To);
        yield return Command("denoise", "Add Gaussian noise to test images and reconstruct them (denoising autoencoders).", (result, model, output) =>
        {
            var clean = DatasetImages.From(FashionMnist.Load(FashionMnistSplit.Test), 10);
            var noisy = DatasetImages.AddNoise(clean, result.GetValue(Sigma), 1);
            DatasetImages.Concat(clean, noisy, model.Reconstruct(noisy)).SaveGrid(output, clean.Count);
            return $"rows: clean, noisy (σ = {result.GetValue(Sigma)}), denoised";
        }, Sigma);
        yield return Command("anomaly", "Score Fashion-MNIST test images and MNIST digits by reconstruction error; print the AUROC.", (result, model, output) =>
        {
            var count = result.GetValue(Count);
            var auroc = AnomalyAuroc(model, count);
            return $"AUROC of MNIST digits (anomalies) against Fashion-MNIST test images, {count} of each: {auroc:F4}";
        }, Count);
    }

    /// <summary>The AUROC of reconstruction errors: MNIST digits as anomalies, Fashion-MNIST test images as normal.</summary>
    public static double AnomalyAuroc(LatentVariableModel model, int count)
    {
        var normal = model.ReconstructionErrors(DatasetImages.From(FashionMnist.Load(FashionMnistSplit.Test), count));
        var digits = MnistDigits.Load();
        var order = Enumerable.Range(0, digits.Count).OrderBy(i => (i * 2654435761u) % 4294967291u).Take(count).ToArray();
        var anomalies = model.ReconstructionErrors(DatasetImages.From(digits.Subset(order), count));
        return Auroc.Compute(anomalies, normal);
    }

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
