using Microsoft.ML.OnnxRuntime;

namespace Pipeline.Export.Precision;

/// <summary>One run's float inputs: each with its name, full shape (batch first) and values.</summary>
public sealed record OnnxFeed(IReadOnlyList<(string Name, long[] Shape, float[] Values)> Inputs)
{
    /// <summary>Runs <paramref name="session"/> on these inputs (wrapped without copies, released after the run); the caller disposes the outputs.</summary>
    public IDisposableReadOnlyCollection<OrtValue> Run(InferenceSession session, RunOptions runOptions, IReadOnlyCollection<string> outputNames)
    {
        var values = Inputs.Select(i => OrtValue.CreateTensorValueFromMemory(i.Values, i.Shape)).ToList();
        try
        {
            return session.Run(runOptions, Inputs.Select(i => i.Name).ToArray(), values, outputNames);
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }
}
