using Microsoft.ML.OnnxRuntime;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Tests.Support;

/// <summary>Runs <see cref="LinearModel"/> through ONNX Runtime's OrtValue API.</summary>
internal static class LinearModelRunner
{
    public static float[] Run(OnnxSession session, float[] x)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(x, [x.Length / LinearModel.Inputs, LinearModel.Inputs]);
        using var runOptions = new RunOptions();
        using var outputs = session.Session.Run(runOptions, [LinearModel.InputName], [input], [LinearModel.OutputName]);
        return outputs.First().GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Deterministic inputs of shape [batch, 3].</summary>
    public static float[] Inputs(int batch) =>
        Enumerable.Range(0, batch * LinearModel.Inputs).Select(i => (i % 7 - 3) * 0.375f + i * 0.01f).ToArray();
}
