using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Pipeline.Onnx.Proto;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Export.Precision;

/// <summary>
/// Measures the range of chosen tensors of a graph over calibration inputs, by running it in ONNX Runtime (CPU) with
/// those tensors as extra outputs: what <see cref="QdqQuantization"/> turns into scales and zero points.
/// </summary>
public static class ActivationCalibration
{
    /// <param name="model">The float32 graph.</param>
    /// <param name="tensors">The tensors to measure (graph inputs or node outputs).</param>
    /// <param name="feeds">Calibration runs, each naming every float input with its full shape and values.</param>
    /// <exception cref="ArgumentException">No feed was given, or a feed misses an input of the graph.</exception>
    public static IReadOnlyDictionary<string, TensorRange> Measure(ModelProto model, IReadOnlyList<string> tensors, IEnumerable<OnnxFeed> feeds)
    {
        var inputs = model.Graph.Input.Select(i => i.Name).ToHashSet();
        var probed = model.Clone();
        var extra = tensors.Where(t => !inputs.Contains(t) && probed.Graph.Output.All(o => o.Name != t)).ToList();
        foreach (var tensor in extra)
            probed.Graph.Output.Add(new ValueInfoProto { Name = tensor, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } } });
        var outputNames = tensors.Where(t => !inputs.Contains(t)).ToArray();
        var ranges = tensors.ToDictionary(t => t, _ => TensorRange.Empty);

        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        using var session = new InferenceSession(probed.ToByteArray(), options);
        using var runOptions = new RunOptions();
        var runs = 0;
        foreach (var feed in feeds)
        {
            var missing = inputs.Where(name => feed.Inputs.All(i => i.Name != name)).ToList();
            if (missing.Count > 0) throw new ArgumentException($"a calibration feed has no '{string.Join("', '", missing)}': give every input of the graph", nameof(feeds));
            foreach (var input in feed.Inputs.Where(i => ranges.ContainsKey(i.Name))) ranges[input.Name] = ranges[input.Name].Including(input.Values);
            if (outputNames.Length > 0)
            {
                using var results = feed.Run(session, runOptions, outputNames);
                for (var k = 0; k < outputNames.Length; k++) ranges[outputNames[k]] = ranges[outputNames[k]].Including(results[k].GetTensorDataAsSpan<float>());
            }
            runs++;
        }
        if (runs == 0) throw new ArgumentException("no calibration feeds were given: quantization needs the inputs the network sees", nameof(feeds));
        return ranges;
    }
}
