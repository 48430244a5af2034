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
        var values = inputs.Select(ToOrtValue).ToList();
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, network.Inputs.Select(i => i.Name).ToList(), values, network.Outputs);
            var worst = 0.0;
            for (var i = 0; i < outputs.Count; i++)
            {
                using var reference = expected[i].detach().cpu().to(ScalarType.Float32).contiguous();
                var shape = outputs[i].GetTensorTypeAndShape().Shape;
                if (!shape.SequenceEqual(reference.shape))
                    throw new InvalidDataException(
                        $"output {network.Outputs[i]} is [{string.Join(", ", shape)}] in ONNX Runtime but [{string.Join(", ", reference.shape)}] in TorchSharp");
                var want = reference.data<float>().ToArray();
                var got = outputs[i].GetTensorDataAsSpan<float>();
                for (var k = 0; k < want.Length; k++)
                {
                    var difference = Math.Abs((double)got[k] - want[k]);
                    if (double.IsNaN(difference)) difference = float.IsNaN(got[k]) && float.IsNaN(want[k]) ? 0 : double.PositiveInfinity;
                    worst = Math.Max(worst, difference);
                }
            }
            return worst;
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    private static OrtValue ToOrtValue(Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().to(ScalarType.Float32).contiguous();
        return OrtValue.CreateTensorValueFromMemory(cpu.data<float>().ToArray(), cpu.shape);
    }
}
