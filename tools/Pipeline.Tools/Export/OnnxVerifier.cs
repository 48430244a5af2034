using Microsoft.ML.OnnxRuntime;
using Pipeline.Export;
using Pipeline.Runtime.Sessions;
using Pipeline.Tensors;

namespace Pipeline.Tools.Export;

/// <summary>
/// Runs an exported ONNX file in ONNX Runtime and the same network in libtorch on the same random inputs,
/// and measures the largest absolute difference between their outputs.
/// </summary>
public static class OnnxVerifier
{
    /// <summary>The largest difference an export may show (float32, opset 17).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Max |ONNX Runtime − libtorch| over every output, on a batch of <paramref name="batch"/> random inputs.</summary>
    public static double MaxDifference(ExportableNetwork network, string onnxPath, int batch = 3, long seed = 0)
    {
        using var scope = DisposeScope.Enter();
        using var generator = new Generator(seed);
        var inputs = network.Inputs.Select(i => RandomInput(i, batch, generator)).ToList();
        IReadOnlyList<Tensor> expected;
        using (Torch.NoGrad()) expected = network.Reference(inputs);
        if (expected.Count != network.Outputs.Count)
            throw new InvalidDataException($"the {network.Role} network declares {network.Outputs.Count} outputs but its libtorch reference gives {expected.Count}");

        using var session = OnnxSession.Open(onnxPath, new RuntimeOptions { IntraOpThreads = 1 });
        var values = inputs.Select(t => OrtValue.CreateTensorValueFromMemory(t.Contiguous().ToArray<float>(), t.Shape)).ToList();
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Session.Run(runOptions, network.Inputs.Select(i => i.Name).ToArray(), values, network.Outputs.ToArray());
            var worst = 0.0;
            for (var k = 0; k < expected.Count; k++)
            {
                var actual = outputs[k].GetTensorDataAsSpan<float>();
                var reference = expected[k].Contiguous().ToArray<float>();
                if (actual.Length != reference.Length)
                    throw new InvalidDataException($"output '{network.Outputs[k]}' of the {network.Role} has {actual.Length} values in ONNX Runtime but {reference.Length} in libtorch");
                for (var i = 0; i < reference.Length; i++)
                {
                    var difference = Math.Abs((double)actual[i] - reference[i]);
                    if (!(difference <= worst)) worst = double.IsNaN(difference) ? double.PositiveInfinity : difference;
                }
            }
            return worst;
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    /// <summary>Images are uniform in [0, 1], labels one-hot, everything else standard normal.</summary>
    private static Tensor RandomInput(NetworkInput input, int batch, Generator generator)
    {
        var shape = input.Shape.Select((d, i) => i == 0 ? batch : d).ToArray();
        return input.Name switch
        {
            "image" => Torch.Rand(shape, generator),
            "label" => Torch.RandInt(0, shape[1], new long[] { batch }, generator).OneHot(shape[1]).To(DType.Float32),
            _ => Torch.Randn(shape, generator),
        };
    }
}
