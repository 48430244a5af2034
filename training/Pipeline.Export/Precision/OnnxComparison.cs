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
        var tally = new DifferenceTally();
        foreach (var (referenceFeed, candidateFeed) in feeds)
        {
            using var want = referenceFeed.Run(reference, runOptions, outputNames);
            using var got = candidateFeed.Run(candidate, runOptions, outputNames);
            for (var k = 0; k < outputNames.Length; k++) tally.Add(want[k].GetTensorDataAsSpan<float>(), got[k].GetTensorDataAsSpan<float>());
        }
        return tally.Result;
    }
}
