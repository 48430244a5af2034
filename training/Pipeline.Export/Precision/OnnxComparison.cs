using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Pipeline.Onnx.Proto;

namespace Pipeline.Export.Precision;

/// <summary>How far a rewritten graph (float16, int8) strays from the float32 original on the same inputs.</summary>
public static class OnnxComparison
{
    /// <summary>The largest and the mean absolute difference over every output value and feed, both graphs run in ONNX Runtime on the CPU.</summary>
    public static OutputDifference Difference(ModelProto reference, ModelProto candidate, IEnumerable<OnnxFeed> feeds) =>
        Difference(reference, candidate, feeds.Select(feed => (feed, feed)));

    /// <summary>
    /// The same over pairs of feeds: the reference runs on the first of each pair and the candidate on the second, for
    /// graphs that take the same data laid out differently.
    /// </summary>
    public static OutputDifference Difference(ModelProto reference, ModelProto candidate, IEnumerable<(OnnxFeed Reference, OnnxFeed Candidate)> feeds)
    {
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var expected = new InferenceSession(reference.ToByteArray(), options);
        using var actual = new InferenceSession(candidate.ToByteArray(), options);
        return Difference(expected, actual, feeds);
    }

    /// <summary>The same for two open sessions (one network on two execution providers, say), over pairs of feeds.</summary>
    public static OutputDifference Difference(InferenceSession reference, InferenceSession candidate, IEnumerable<(OnnxFeed Reference, OnnxFeed Candidate)> feeds)
    {
        using var runOptions = new RunOptions();
        var outputNames = reference.OutputNames.ToArray();
        var (worst, sum, largest, count) = (0.0, 0.0, 0.0, 0L);
        foreach (var (referenceFeed, candidateFeed) in feeds)
        {
            using var want = referenceFeed.Run(reference, runOptions, outputNames);
            using var got = candidateFeed.Run(candidate, runOptions, outputNames);
            for (var k = 0; k < outputNames.Length; k++)
            {
                var a = want[k].GetTensorDataAsSpan<float>();
                var b = got[k].GetTensorDataAsSpan<float>();
                count += a.Length;
                for (var i = 0; i < a.Length; i++)
                {
                    // The same value (±∞ included) agrees, NaN on both sides too, as the export's verifier counts it.
                    var difference = a[i] == b[i] || (float.IsNaN(a[i]) && float.IsNaN(b[i])) ? 0 : Math.Abs((double)a[i] - b[i]);
                    worst = Math.Max(worst, double.IsNaN(difference) ? double.PositiveInfinity : difference);
                    sum += difference;
                    largest = Math.Max(largest, Math.Abs((double)a[i]));
                }
            }
        }
        return new OutputDifference(worst, count == 0 ? 0 : sum / count, largest);
    }
}
