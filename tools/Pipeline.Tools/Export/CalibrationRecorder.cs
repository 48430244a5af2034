using Pipeline.Export.Precision;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Tools.Export;

/// <summary>
/// Keeps copies of the inputs each network of a package gets while the runtime samples: for each ONNX file, a uniform
/// sample of at most <c>capacity</c> runs (reservoir sampling, seeded), so a diffusion chain's early and late steps and
/// an autoregressive decoder's first and last pixels are all represented.
/// </summary>
internal sealed class CalibrationRecorder(int capacity, long seed) : INetworkObserver
{
    private readonly Dictionary<string, (List<OnnxFeed> Kept, long Seen)> runs = new();
    private readonly SeededRandom random = new(unchecked((ulong)seed));
    private readonly Lock gate = new();

    public void Running(string modelPath, IReadOnlyList<ObservedInput> inputs)
    {
        lock (gate)
        {
            var (kept, seen) = runs.TryGetValue(modelPath, out var entry) ? entry : ([], 0);
            seen++;
            // Algorithm R: the n-th run replaces a kept one with probability capacity/n.
            var slot = kept.Count < capacity ? kept.Count : (long)(random.NextDouble() * seen);
            if (slot < capacity)
            {
                var feed = new OnnxFeed(inputs.Select(i => (i.Name, (long[])i.Shape.Clone(), i.Values.ToArray())).ToList());
                if (slot == kept.Count) kept.Add(feed);
                else kept[(int)slot] = feed;
            }
            runs[modelPath] = (kept, seen);
        }
    }

    /// <summary>
    /// Samples <paramref name="images"/> images from the package through the runtime on the CPU (diffusion with DDIM-50,
    /// so the denoiser sees x_t along the whole reverse chain), keeping <paramref name="runsPerNetwork"/> runs of each
    /// network; nothing for a classifier, which samples nothing.
    /// </summary>
    public static CalibrationRecorder Sample(string directory, ModelManifest manifest, int images, int runsPerNetwork)
    {
        var recorder = new CalibrationRecorder(runsPerNetwork, seed: 0);
        if (manifest.Family == ModelFamily.Classifier) return recorder;
        using var model = ModelPackage.OpenWithManifest(directory, manifest, new RuntimeOptions { Observer = recorder });
        _ = model is DiffusionModel diffusion
            ? diffusion.Sample(images, 0, null, DiffusionSamplingOptions.Ddim(50))
            : model.Sample(images, 0, null);
        return recorder;
    }

    /// <summary>The kept runs of the network in <paramref name="modelPath"/> (none when it never ran).</summary>
    public IReadOnlyList<OnnxFeed> Feeds(string modelPath) =>
        runs.TryGetValue(Path.GetFullPath(modelPath), out var entry) ? entry.Kept : [];
}
