using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace Pipeline.Export;

/// <summary>Runs an exported graph in ONNX Runtime (CPU) and measures how far its outputs are from TorchSharp's.</summary>
public static class OnnxVerifier
{
    /// <summary>
    /// The largest absolute difference over all outputs, for inputs <paramref name="inputs"/> whose expected outputs are
    /// <paramref name="expected"/> (NaN on one side only counts as infinite); what <see cref="OnnxExporter"/> checks, for
    /// checking a written file again on other inputs.
    /// </summary>
    /// <exception cref="OnnxVerificationException">An output's shape differs between ONNX Runtime and TorchSharp.</exception>
    public static double MaxDifference(InferenceSession session, IReadOnlyList<string> inputNames, IReadOnlyList<torch.Tensor> inputs,
                                       IReadOnlyList<string> outputNames, IReadOnlyList<torch.Tensor> expected)
    {
        var values = inputs.Select(ToOrtValue).ToList();
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputNames, values, outputNames);
            var worst = 0.0;
            for (var i = 0; i < outputs.Count; i++)
            {
                using var reference = expected[i].detach().cpu().to(torch.float32).contiguous();
                var want = reference.data<float>().ToArray();
                var got = outputs[i].GetTensorDataAsSpan<float>();
                var shape = outputs[i].GetTensorTypeAndShape().Shape;
                if (!shape.SequenceEqual(reference.shape))
                    throw new OnnxVerificationException(
                        $"Output '{outputNames[i]}' has shape [{string.Join(", ", shape)}] in ONNX Runtime but " +
                        $"[{string.Join(", ", reference.shape)}] in TorchSharp.", double.PositiveInfinity);
                for (var k = 0; k < want.Length; k++)
                {
                    var difference = got[k] == want[k] ? 0 : Math.Abs((double)got[k] - want[k]);   // the same ±∞ on both sides agrees
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

    private static OrtValue ToOrtValue(torch.Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        return cpu.dtype switch
        {
            torch.ScalarType.Float32 => OrtValue.CreateTensorValueFromMemory(cpu.data<float>().ToArray(), cpu.shape),
            torch.ScalarType.Int64 => OrtValue.CreateTensorValueFromMemory(cpu.data<long>().ToArray(), cpu.shape),
            _ => throw new OnnxExportException($"An example input is {cpu.dtype}: pass float32 or int64 tensors."),
        };
    }
}
