using System.CommandLine;
using Pipeline.Data;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>
/// `sample-all` (the main job, `make run`): every package under a folder sampled into PNG grids, plus what
/// each family can show: the 2-D manifold, an interpolation, denoised images, one row per class.
/// </summary>
internal static class SampleAllCommand
{
    public static Command Create()
    {
        var models = new Option<string>("--models") { Description = "folder of exported packages", DefaultValueFactory = _ => "exported" };
        var output = new Option<string>("--out") { Description = "folder for the PNG files", DefaultValueFactory = _ => "out" };
        var seed = new Option<long>("--seed") { Description = "same seed, same images", DefaultValueFactory = _ => 1 };
        var command = new Command("sample-all", "Sample every exported package into PNG grids.") { models, output, seed };
        command.SetAction(result =>
        {
            var root = result.GetValue(models)!;
            var packages = Directory.Exists(root)
                ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, ManifestJson.FileName))).Order(StringComparer.Ordinal).ToList()
                : new List<string>();
            if (packages.Count == 0) throw new UsageException($"no exported packages under {root}: export one with tools/pipeline export");
            var outDirectory = result.GetValue(output)!;
            Directory.CreateDirectory(outDirectory);
            foreach (var package in packages)
            {
                if (PackageReader.Read(package).Family == ModelFamily.Classifier)
                {
                    AnsiConsole.MarkupLineInterpolated($"{Path.GetFileName(package),-26}   (a classifier: the evaluation's feature network, nothing to sample)");
                    continue;
                }
                using var model = ModelPackage.Open(package);
                foreach (var file in SampleOne(model, outDirectory, result.GetValue(seed)))
                    AnsiConsole.MarkupLineInterpolated($"{model.Manifest.Name,-26} → {file}");
            }
            return 0;
        });
        return command;
    }

    private static IEnumerable<string> SampleOne(IGenerativeModel model, string directory, long seed)
    {
        var name = model.Manifest.Name;
        string Path(string suffix) => System.IO.Path.Combine(directory, $"{name}{suffix}.png");
        model.Sample(64, seed).SaveGrid(Path(""));
        yield return Path("");
        if (model is DiffusionModel { IsConditional: true } diffusion)
        {
            // One row per class: 10 samples of each, by DDIM in 50 steps.
            var fast = DiffusionSamplingOptions.Ddim(50);
            var rows = Enumerable.Range(0, diffusion.ClassCount).Select(c => diffusion.Sample(10, seed + c, c, fast)).ToArray();
            DatasetImages.Concat(rows).SaveGrid(Path("-classes"), 10);
            yield return Path("-classes");
        }
        if (model is not LatentVariableModel latent) yield break;
        if (latent.IsConditional)
        {
            // One row per class: 10 samples of each.
            var rows = Enumerable.Range(0, latent.ClassCount).Select(c => latent.Sample(10, seed + c, c)).ToArray();
            DatasetImages.Concat(rows).SaveGrid(Path("-classes"), 10);
            yield return Path("-classes");
            yield break;
        }
        if (latent.LatentSize == 2)
        {
            latent.Manifold(20).SaveGrid(Path("-manifold"), 20);
            yield return Path("-manifold");
        }
        var test = DatasetImages.From(FashionMnist.Load(FashionMnistSplit.Test), 10);
        DatasetImages.Concat(Enumerable.Range(0, 5).Select(i => latent.Interpolate(test.Slice(2 * i, 1), test.Slice(2 * i + 1, 1), 10)).ToArray())
            .SaveGrid(Path("-interpolation"), 10);
        yield return Path("-interpolation");
        if (model.Manifest.Kind.Contains("denoising", StringComparison.Ordinal))
        {
            var noisy = DatasetImages.AddNoise(test, 0.5, seed);
            DatasetImages.Concat(test, noisy, latent.Reconstruct(noisy)).SaveGrid(Path("-denoised"), test.Count);
            yield return Path("-denoised");
        }
    }
}
