using Microsoft.ML.OnnxRuntime;
using Pipeline.Export.Precision;
using Pipeline.Onnx;
using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Export;

/// <summary>
/// How far a PixelCNN's row form (its "rows" network, then its "step" network on the rows network's outputs) strays from
/// the causal step network of the same model on the same neighbourhoods: random causal patches [N, Σ R·C] for the
/// causal step, and the same values as the row form's taps (each layer's p·k neighbours in the rows above) and left
/// pixels (the p after them). Compares the logits and the centres of every layer after the first.
/// </summary>
internal static class RowFormAgreement
{
    private const int Rows = 16;
    private const string Patches = "patches", Label = "label", Logits = "logits", Centres = "centres";

    public static OutputDifference Difference(string causalStep, string rows, string step, IReadOnlyList<CachedLayerSpec> layers, int classes, int batches)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var causal = new InferenceSession(causalStep, options);
        using var rowsNetwork = new InferenceSession(rows, options);
        using var stepNetwork = new InferenceSession(step, options);
        using var runOptions = new RunOptions();
        var patchSize = layers.Sum(l => l.PatchSize(IncrementalDecoding.CausalPixelCnn));
        var aboveNames = layers.Select((_, l) => RowPixelCnnContract.Above(l)).ToArray();
        var centreNames = layers.Skip(1).Select((_, b) => RowPixelCnnContract.Centre(b + 1)).Prepend(Logits).ToArray();
        var random = new Random(1);
        var (worst, sum, largest, count) = (0.0, 0.0, 0.0, 0L);
        for (var batch = 0; batch < batches; batch++)
        {
            var patches = Enumerable.Range(0, Rows * patchSize).Select(_ => random.NextSingle()).ToArray();
            var label = new float[Rows * classes];
            for (var n = 0; n < Rows && classes > 0; n++) label[n * classes + random.Next(classes)] = 1;
            var labels = classes > 0 ? new[] { (Label, new long[] { Rows, classes }, label) } : [];

            using var want = new OnnxFeed([(Patches, [Rows, patchSize], patches), .. labels]).Run(causal, runOptions, [Logits, Centres]);
            var (taps, left) = Neighbours(patches, patchSize, layers);
            using var above = new OnnxFeed(taps).Run(rowsNetwork, runOptions, aboveNames);
            var aboveInputs = aboveNames.Select((name, l) => (name, new long[] { Rows, above[l].GetTensorTypeAndShape().Shape[1] }, above[l].GetTensorDataAsSpan<float>().ToArray()));
            using var got = new OnnxFeed([.. aboveInputs, .. left, .. labels]).Run(stepNetwork, runOptions, centreNames);

            // The causal step's centres are the layers' side by side, [N, Σ C]; the row form gives one output per layer.
            var expected = new List<(float Want, float Got)>();
            var wantLogits = want[0].GetTensorDataAsSpan<float>();
            var gotLogits = got[0].GetTensorDataAsSpan<float>();
            for (var i = 0; i < wantLogits.Length; i++) expected.Add((wantLogits[i], gotLogits[i]));
            var wantCentres = want[1].GetTensorDataAsSpan<float>();
            var (width, offset) = (layers.Skip(1).Sum(l => l.Channels), 0);
            for (var l = 1; l < layers.Count; l++)
            {
                var channels = layers[l].Channels;
                var centre = got[l].GetTensorDataAsSpan<float>();
                for (var n = 0; n < Rows; n++)
                    for (var c = 0; c < channels; c++) expected.Add((wantCentres[n * width + offset + c], centre[n * channels + c]));
                offset += channels;
            }
            foreach (var (a, b) in expected)
            {
                var difference = Math.Abs((double)a - b);
                worst = Math.Max(worst, double.IsNaN(difference) ? double.PositiveInfinity : difference);
                sum += difference;
                largest = Math.Max(largest, Math.Abs((double)a));
                count++;
            }
        }
        return new OutputDifference(worst, count == 0 ? 0 : sum / count, largest);
    }

    /// <summary>
    /// The row form's inputs holding the values of causal <paramref name="patches"/>: each layer's R = p·k + p neighbours,
    /// C values each, are its taps (i, j) in raster order, then its left pixels j.
    /// </summary>
    private static (List<(string, long[], float[])> Taps, List<(string, long[], float[])> Left) Neighbours(float[] patches, int patchSize, IReadOnlyList<CachedLayerSpec> layers)
    {
        var (taps, left, offset) = (new List<(string, long[], float[])>(), new List<(string, long[], float[])>(), 0);
        for (var l = 0; l < layers.Count; l++)
        {
            var (k, channels) = (layers[l].Kernel, layers[l].Channels);
            var p = k / 2;
            float[] Neighbour(int index)
            {
                var values = new float[Rows * channels];
                for (var n = 0; n < Rows; n++) Array.Copy(patches, n * patchSize + offset + index * channels, values, n * channels, channels);
                return values;
            }
            for (var i = 0; i < p; i++)
                for (var j = 0; j < k; j++) taps.Add((RowPixelCnnContract.Tap(l, i, j), [Rows, channels], Neighbour(i * k + j)));
            for (var j = 0; j < p; j++) left.Add((RowPixelCnnContract.Left(l, j), [Rows, channels], Neighbour(p * k + j)));
            offset += layers[l].PatchSize(IncrementalDecoding.CausalPixelCnn);
        }
        return (taps, left);
    }
}
