using Microsoft.ML.OnnxRuntime;
using Pipeline.Export;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Tests.Support;

/// <summary>
/// An independent check of a written network file: ONNX Runtime (CPU) on fresh example inputs, against the network's
/// TorchSharp module in evaluation mode (the exporter verified on its own batches; this uses another size and seed).
/// </summary>
internal static class OnnxParity
{
    /// <summary>The largest |ONNX Runtime − TorchSharp| over every output, on <paramref name="batch"/> rows drawn with <paramref name="seed"/>; NaN on one side only is infinite.</summary>
    public static double MaxDifference(ExportableNetwork network, string onnxFile, int batch, long seed)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = Noise.Seeded(seed);
        var inputs = network.ExampleInputs(batch, generator);
        var expected = network.Run(inputs);
        if (expected.Length != network.Outputs.Count)
            throw new InvalidDataException($"the {network.Role} network declares {network.Outputs.Count} outputs but its module returns {expected.Length}");

        using var session = new InferenceSession(onnxFile);
        return OnnxVerifier.MaxDifference(session, network.Inputs.Select(n => n.Name).ToList(), inputs, network.Outputs, expected);
    }
}
