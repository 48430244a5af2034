using Pipeline.Export.Precision;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Pipeline.Tools.Export;
using Spectre.Console;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// `bench providers`: whether an execution provider (CUDA, TensorRT) computes what the CPU computes, network by network.
/// Each package samples a few images on the CPU while a <see cref="CalibrationRecorder"/> keeps some of each network's
/// runs (diffusion by DDIM-50, so the denoiser's inputs span the reverse chain); each network then runs those same
/// inputs on the CPU and on the provider, and the largest and mean absolute differences of its outputs are printed
/// against the tolerance. Networks that sampling does not run (encoders, a classifier) get batches of training images
/// where they take images; any other is listed as not compared.
/// </summary>
internal static class ProviderBenchmark
{
    /// <summary>Runs kept per network.</summary>
    private const int RunsPerNetwork = 6;

    /// <summary>Compares every network of <paramref name="packages"/>; returns how many exceeded <paramref name="tolerance"/>.</summary>
    public static int Run(IReadOnlyList<string> packages, RuntimeOptions provider, double tolerance, int images)
    {
        var table = new Table().AddColumns("package", "network", "runs", "ran on", "max |Δ|", "mean |Δ|", "max |Δ| / max |CPU|", $"within {tolerance:G3}");
        var (failures, fallbacks) = (0, new List<string>());
        foreach (var package in packages)
        {
            var manifest = PackageReader.Read(package);
            var recorder = CalibrationRecorder.Sample(package, manifest, images, RunsPerNetwork);
            var training = PackagePrecision.TrainingImages(manifest);
            foreach (var (role, network) in manifest.Networks)
            {
                var path = Path.Combine(package, network.File);
                var sampled = recorder.Feeds(path);
                var feeds = sampled.Count > 0 ? sampled : PackagePrecision.DatasetFeeds(manifest, network, training).Take(2).ToList();
                if (feeds.Count == 0)
                {
                    table.AddRow(manifest.Name, role, "0", "–", "–", "–", "–", "not run while sampling, takes no images: not compared");
                    continue;
                }
                using var cpu = OnnxSession.Open(path, new RuntimeOptions());
                using var other = OnnxSession.Open(path, provider);
                if (other.Provider != provider.Provider) fallbacks.Add($"{manifest.Name}/{role}: {other.FallbackReason}");
                var (max, mean, scale) = OnnxComparison.Difference(cpu.Session, other.Session, feeds.Select(feed => (feed, feed)));
                var within = max <= tolerance;
                if (!within) failures++;
                table.AddRow(manifest.Name, role, sampled.Count > 0 ? $"{feeds.Count}" : $"{feeds.Count} of 16 training images", $"{other.Provider}", $"{max:G3}", $"{mean:G3}", $"{max / Math.Max(scale, double.Epsilon):G3}",
                    within ? "[green]yes[/]" : "[red]no[/]");
            }
        }
        AnsiConsole.MarkupLineInterpolated($"bench providers: {provider.Provider} against the CPU, the inputs of at most {RunsPerNetwork} runs per network kept while sampling {images} images on the CPU (diffusion: DDIM-50)");
        AnsiConsole.Write(table);
        foreach (var fallback in fallbacks) AnsiConsole.MarkupLineInterpolated($"[yellow]ran on the CPU instead[/]: {fallback}");
        AnsiConsole.MarkupLineInterpolated($"{(failures == 0 ? "every compared network within" : $"{failures} network(s) beyond")} the tolerance {tolerance:G3}");
        return failures;
    }
}
