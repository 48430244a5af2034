using Microsoft.ML.OnnxRuntime;
using Pipeline.Export.Precision;
using Pipeline.Onnx;
using Pipeline.Runtime.Packages;
using static Pipeline.Runtime.Packages.AutoregressiveManifestRules;

namespace Pipeline.Tools.Export;

/// <summary>
/// How far a PixelCNN's row form (its "rows" network, then its "step" network on the rows network's outputs) strays from
/// the causal step network of the same model on the same neighbourhoods: the causal step's feeds (patches [N, Σ R·C],
/// and the label), and the same values as the row form's taps (each layer's p·k neighbours in the rows above) and left
/// pixels (the p after them). Compares the logits and the centres of every layer after the first.
/// </summary>
internal static class RowFormAgreement
{
    public static OutputDifference Difference(string causalStep, string rows, string step, IReadOnlyList<CachedLayerSpec> layers, IEnumerable<OnnxFeed> feeds)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var causal = new InferenceSession(causalStep, options);
        using var rowsNetwork = new InferenceSession(rows, options);
        using var stepNetwork = new InferenceSession(step, options);
        using var runOptions = new RunOptions();
        var aboveNames = layers.Select((_, l) => RowPixelCnnContract.Above(l)).ToArray();
        var stepOutputs = layers.Skip(1).Select((_, b) => RowPixelCnnContract.Centre(b + 1)).Prepend(Logits).ToArray();
        var tally = new DifferenceTally();
        foreach (var feed in feeds)
        {
            var patches = feed.Inputs.Single(i => i.Name == Patches);
            var (items, patchSize) = ((int)patches.Shape[0], (int)patches.Shape[1]);
            var others = feed.Inputs.Where(i => i.Name != Patches).ToList();             // the label
            using var want = feed.Run(causal, runOptions, [Logits, Centres]);
            var (taps, left) = Neighbours(patches.Values, items, patchSize, layers);
            using var above = new OnnxFeed(taps).Run(rowsNetwork, runOptions, aboveNames);
            var aboveInputs = aboveNames.Select((name, l) => (name, above[l].GetTensorTypeAndShape().Shape, above[l].GetTensorDataAsSpan<float>().ToArray()));
            using var got = new OnnxFeed([.. aboveInputs, .. left, .. others]).Run(stepNetwork, runOptions, stepOutputs);

            tally.Add(want[0].GetTensorDataAsSpan<float>(), got[0].GetTensorDataAsSpan<float>());
            // The causal step's centres are the layers' side by side, [N, Σ C]; the row form gives one output per layer.
            var (width, offset) = (layers.Skip(1).Sum(l => l.Channels), 0);
            var centres = new float[items * width];
            for (var l = 1; l < layers.Count; l++)
            {
                var channels = layers[l].Channels;
                var centre = got[l].GetTensorDataAsSpan<float>();
                for (var n = 0; n < items; n++) centre.Slice(n * channels, channels).CopyTo(centres.AsSpan(n * width + offset));
                offset += channels;
            }
            tally.Add(want[1].GetTensorDataAsSpan<float>(), centres);
        }
        return tally.Result;
    }

    /// <summary>
    /// The row form's inputs holding the values of causal <paramref name="patches"/>: each layer's R = p·k + p neighbours,
    /// C values each, are its taps (i, j) in raster order, then its left pixels j.
    /// </summary>
    private static (List<(string, long[], float[])> Taps, List<(string, long[], float[])> Left) Neighbours(float[] patches, int items, int patchSize, IReadOnlyList<CachedLayerSpec> layers)
    {
        var (taps, left, offset) = (new List<(string, long[], float[])>(), new List<(string, long[], float[])>(), 0);
        for (var l = 0; l < layers.Count; l++)
        {
            var (k, channels) = (layers[l].Kernel, layers[l].Channels);
            (string, long[], float[]) Neighbour(string name, int index)
            {
                var values = new float[items * channels];
                for (var n = 0; n < items; n++) Array.Copy(patches, n * patchSize + offset + index * channels, values, n * channels, channels);
                return (name, [items, channels], values);
            }
            taps.AddRange(RowPixelCnnContract.Taps(l, k).Select(t => Neighbour(t.Name, t.Row * k + t.Column)));
            left.AddRange(RowPixelCnnContract.LeftPixels(l, k).Select(t => Neighbour(t.Name, k / 2 * k + t.Column)));
            offset += layers[l].PatchSize(IncrementalDecoding.CausalPixelCnn);
        }
        return (taps, left);
    }
}
