using System.CommandLine;
using Pipeline.Runtime.Adversarial;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Images;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>
/// `walk`: paths between codes of an adversarial package, one row per pair of codes drawn with the seed, linear or
/// spherical (<see cref="InterpolationPath"/>), each decoded by the generator.
/// </summary>
internal static class WalkCommand
{
    public static Command Create()
    {
        var runtime = new RuntimeArguments();
        var path = new Option<InterpolationPath>("--path") { Description = "linear or spherical", DefaultValueFactory = _ => InterpolationPath.Spherical };
        var pairs = new Option<int>("--pairs") { Description = "rows: pairs of codes", DefaultValueFactory = _ => 5 };
        var steps = new Option<int>("--steps") { Description = "images per row, both ends included", DefaultValueFactory = _ => 10 };
        var seed = new Option<long>("--seed") { Description = "seed of the codes", DefaultValueFactory = _ => 1 };
        var label = new Option<int?>("--class") { Description = "class of every image (conditional packages; default: row r shows class r)" };
        var output = new Option<string>("--out") { Description = "PNG grid to write", DefaultValueFactory = _ => "walk.png" };
        var command = new Command("walk", "Decode linear or spherical paths between random codes of a GAN or adversarial autoencoder package.")
        {
            path, pairs, steps, seed, label, output,
        };
        runtime.AddTo(command);
        command.SetAction(result =>
        {
            var (rows, n) = (BenchCommand.Positive(result.GetValue(pairs), "--pairs"), result.GetValue(steps));
            if (n < 2) throw new UsageException($"--steps {n}: a path needs at least its two ends");
            using var model = ModelPackage.OpenGenerator(runtime.Model(result), runtime.Options(result));
            var file = result.GetValue(output)!;
            Walk(model, rows, n, result.GetValue(path), result.GetValue(seed), result.GetValue(label)).SaveGrid(file, n);
            AnsiConsole.MarkupLineInterpolated($"{rows} {result.GetValue(path).ToString().ToLowerInvariant()} paths of {n} codes of {model.Manifest.Name} → {file}");
            return 0;
        });
        return command;
    }

    /// <summary>Row r walks from code 2r to code 2r + 1 of the seed's draws (of class <paramref name="label"/>, or class r).</summary>
    public static ImageBatch Walk(GeneratorModel model, int rows, int steps, InterpolationPath path, long seed, int? label = null)
    {
        var size = model.LatentSize;
        var rowLabel = (int r) => model.ClassCount == 0 ? (int?)null : label ?? r % model.ClassCount;
        var labels = model.ClassCount == 0 ? null : Enumerable.Range(0, 2 * rows).Select(i => rowLabel(i / 2)!.Value).ToArray();
        var codes = model.SampleLatents(2 * rows, seed, labels);
        return DatasetImages.Concat(Enumerable.Range(0, rows).Select(r =>
            model.Interpolate(codes[(2 * r * size)..((2 * r + 1) * size)], codes[((2 * r + 1) * size)..((2 * r + 2) * size)], steps, path, rowLabel(r))).ToArray());
    }
}
