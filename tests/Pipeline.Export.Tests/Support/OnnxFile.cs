using Microsoft.ML.OnnxRuntime;
using Pipeline.Onnx;
using Pipeline.Onnx.Proto;
using TorchSharp;

namespace Pipeline.Export.Tests.Support;

/// <summary>Reads and runs an exported file independently of the exporter's own verification.</summary>
internal static class OnnxFile
{
    public static ModelProto Read(string path) => OnnxModelFile.Read(path);

    /// <summary>Runs the file's graph on <paramref name="inputs"/> (in its input order) and returns every output as float32 values.</summary>
    public static float[][] Run(string path, params torch.Tensor[] inputs)
    {
        using var session = new InferenceSession(path);
        var names = session.InputNames;
        var values = inputs.Select(x => x.dtype == torch.int64
            ? OrtValue.CreateTensorValueFromMemory(x.contiguous().data<long>().ToArray(), x.shape)
            : OrtValue.CreateTensorValueFromMemory(x.contiguous().data<float>().ToArray(), x.shape)).ToList();
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, names, values, session.OutputNames);
            return outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToArray();
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    /// <summary>The largest absolute difference between <paramref name="actual"/> and the values of <paramref name="expected"/>.</summary>
    public static double MaxDifference(float[] actual, torch.Tensor expected)
    {
        var want = expected.detach().contiguous().data<float>().ToArray();
        if (want.Length != actual.Length) return double.PositiveInfinity;
        return want.Zip(actual, (a, b) => Math.Abs((double)a - b)).DefaultIfEmpty(0).Max();
    }
}
