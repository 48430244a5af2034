using System.Runtime.InteropServices;
using Pipeline.Onnx.Proto;
using static Pipeline.Export.Precision.OnnxGraphEdits;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Export.Precision;

/// <summary>
/// Static 8-bit quantization of a float32 ONNX graph in QDQ form (QuantizeLinear/DequantizeLinear pairs around float
/// operators, which ONNX Runtime fuses into its integer kernels, QLinearConv and friends):
/// <code>
/// var tensors = QdqQuantization.TensorsToCalibrate(model);
/// var ranges = ActivationCalibration.Measure(model, tensors, feeds);   // the inputs the network really sees
/// var int8 = QdqQuantization.Quantize(model, ranges);
/// </code>
/// Quantized: Conv, and Gemm and MatMul with constant weights. Their weights become int8, symmetric (zero point 0), per
/// output channel for Conv and Gemm, per tensor for MatMul; their input and output
/// activations become uint8, asymmetric over the calibrated range (widened to hold 0, so zero padding and ReLU stay
/// exact); their biases int32 at scale s_x·s_w (zero point 0), as the integer kernels add them. The graph's outputs stay
/// float32 and unquantized (a last convolution then runs on dequantized values): the sampler's arithmetic reads them.
/// Every other operator runs in float32 on dequantized values. ConvTranspose stays float32 whole: ONNX Runtime's CPU
/// provider has no integer kernel for it, so int8 weights would only be dequantized again at every run.
/// </summary>
public static class QdqQuantization
{
    /// <summary>
    /// The activations <see cref="Quantize"/> needs a range for: the data input of each quantized operator and its
    /// output, unless that is (a layout change away from) a graph output.
    /// </summary>
    public static IReadOnlyList<string> TensorsToCalibrate(ModelProto model)
    {
        var initializers = model.Graph.Initializer.ToDictionary(i => i.Name);
        var outputs = OutputValues(model.Graph);
        return model.Graph.Node.Where(n => WeightAxis(n, initializers) is not null)
            .SelectMany(n => new[] { n.Input[0], n.Output[0] })
            .Where(t => !outputs.Contains(t)).Distinct().ToList();
    }

    /// <summary>The quantized version of <paramref name="source"/> (which is not changed).</summary>
    /// <exception cref="ArgumentException">A tensor of <see cref="TensorsToCalibrate"/> has no range, or an empty one.</exception>
    public static ModelProto Quantize(ModelProto source, IReadOnlyDictionary<string, TensorRange> ranges)
    {
        var model = source.Clone();
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        var original = graph.Node.ToList();
        var dataInputs = original.ToDictionary<NodeProto, NodeProto, string>(n => n, n => n.Input.FirstOrDefault() ?? "", ReferenceEqualityComparer.Instance);
        var activations = TensorsToCalibrate(source);
        var scales = new Dictionary<string, float>();

        // 1. Activations: t → QuantizeLinear → DequantizeLinear → t_dequantized, read by every node that read t.
        var pairs = new Dictionary<string, NodeProto[]>();
        foreach (var tensor in activations)
        {
            if (!ranges.TryGetValue(tensor, out var range) || !(range.Min <= range.Max))
                throw new ArgumentException($"no calibrated range for tensor '{tensor}': calibrate on inputs that reach it (ActivationCalibration.Measure)", nameof(ranges));
            var (scale, zeroPoint) = ActivationParameters(range);
            scales[tensor] = scale;
            graph.Initializer.Add(Initializer($"{tensor}_scale", DataType.Float, [], MemoryMarshal.AsBytes(new[] { scale }.AsSpan())));
            graph.Initializer.Add(Initializer($"{tensor}_zero_point", DataType.Uint8, [], [zeroPoint]));
            ReplaceUses(original, tensor, $"{tensor}_dequantized");
            pairs[tensor] =
            [
                Node("QuantizeLinear", $"{tensor}_quantize", [tensor, $"{tensor}_scale", $"{tensor}_zero_point"], $"{tensor}_quantized"),
                Node("DequantizeLinear", $"{tensor}_dequantize", [$"{tensor}_quantized", $"{tensor}_scale", $"{tensor}_zero_point"], $"{tensor}_dequantized"),
            ];
        }

        // 2. Weights (int8) and biases (int32) of each quantized operator, dequantized by nodes at the graph's start.
        var constants = new List<NodeProto>();
        foreach (var node in original)
        {
            if (WeightAxis(node, initializers) is not { } axis) continue;
            var name = node.Output[0];     // unique in the graph, unlike node names (which may be empty)
            var weightScales = QuantizeWeights(graph, initializers[node.Input[1]], axis, $"{name}_weight", constants);
            node.Input[1] = $"{name}_weight_dequantized";
            if (node.Input.Count > 2 && initializers.TryGetValue(node.Input[2], out var bias) && bias.Dims.Count == 1
                && (weightScales.Length == 1 || bias.Dims[0] == weightScales.Length) && scales.TryGetValue(dataInputs[node], out var inputScale))
            {
                QuantizeBias(graph, bias, weightScales.Select(s => s * inputScale).ToArray(), $"{name}_bias", constants);
                node.Input[2] = $"{name}_bias_dequantized";
            }
        }

        // 3. Node order: weight dequantization first, then each Q/DQ pair right after the tensor it quantizes is made.
        var nodes = new List<NodeProto>(constants);
        foreach (var input in graph.Input.Where(i => pairs.ContainsKey(i.Name))) nodes.AddRange(pairs[input.Name]);
        foreach (var node in original)
        {
            nodes.Add(node);
            foreach (var output in node.Output.Where(pairs.ContainsKey)) nodes.AddRange(pairs[output]);
        }
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        RemoveUnusedInitializers(graph);
        return model;
    }

    /// <summary>Operators that only move values: what they read is what the graph outputs.</summary>
    private static readonly HashSet<string> Layout = ["Identity", "Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze"];

    /// <summary>The graph's outputs and the tensors they are a layout change of (the exporter ends graphs with an Identity).</summary>
    private static HashSet<string> OutputValues(GraphProto graph)
    {
        var values = graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var node in graph.Node.Reverse().Where(n => Layout.Contains(n.OpType) && values.Contains(n.Output[0])))
            values.Add(node.Input[0]);
        return values;
    }

    /// <summary>The channel axis of a quantizable node's constant weights (−1: one scale for the tensor), or null.</summary>
    private static int? WeightAxis(NodeProto node, IReadOnlyDictionary<string, TensorProto> initializers)
    {
        if (node.Input.Count < 2 || !initializers.TryGetValue(node.Input[1], out var weights) || weights.DataType != (int)DataType.Float) return null;
        if (initializers.ContainsKey(node.Input[0])) return null;      // constant in, constant out: ONNX Runtime folds it at load
        long Attribute(string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? 0;
        return node.OpType switch
        {
            "Conv" when weights.Dims.Count >= 3 => 0,                         // [C_out, C_in/g, k…]
            "Gemm" when weights.Dims.Count == 2 && Attribute("transA") == 0 => Attribute("transB") == 1 ? 0 : 1,
            "MatMul" when weights.Dims.Count == 2 => -1,
            _ => null,
        };
    }

    /// <summary>uint8 scale and zero point over <paramref name="range"/> widened to hold 0 (q = round(x/s) + z, 0…255).</summary>
    private static (float Scale, byte ZeroPoint) ActivationParameters(TensorRange range)
    {
        var (min, max) = (Math.Min(range.Min, 0f), Math.Max(range.Max, 0f));
        var scale = (max - min) / 255f;
        if (scale == 0 || !float.IsFinite(scale)) return (1f, 0);
        return (scale, (byte)Math.Clamp(Math.Round(-min / scale, MidpointRounding.ToEven), 0, 255));
    }

    /// <summary>Adds W as int8 (symmetric: s_c = max|W_c|/127) and its DequantizeLinear; returns the scale of each output channel.</summary>
    private static float[] QuantizeWeights(GraphProto graph, TensorProto weights, int axis, string name, List<NodeProto> constants)
    {
        var values = Floats(weights);
        var dims = weights.Dims.ToArray();
        var channels = axis < 0 ? 1 : (int)dims[axis];
        var inner = axis < 0 ? values.Length : (int)dims.Skip(axis + 1).Aggregate(1L, (a, d) => a * d);
        var scales = new float[channels];
        for (var k = 0; k < values.Length; k++)
        {
            var c = axis < 0 ? 0 : k / inner % channels;
            scales[c] = Math.Max(scales[c], Math.Abs(values[k]));
        }
        for (var c = 0; c < channels; c++) scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        var quantized = new sbyte[values.Length];
        for (var k = 0; k < values.Length; k++)
            quantized[k] = (sbyte)Math.Clamp(Math.Round(values[k] / scales[axis < 0 ? 0 : k / inner % channels], MidpointRounding.ToEven), -127, 127);
        long[] scaleDims = axis < 0 ? [] : [channels];
        graph.Initializer.Add(Initializer($"{name}_quantized", DataType.Int8, dims, MemoryMarshal.AsBytes(quantized.AsSpan())));
        graph.Initializer.Add(Initializer($"{name}_scale", DataType.Float, scaleDims, MemoryMarshal.AsBytes(scales.AsSpan())));
        graph.Initializer.Add(Initializer($"{name}_zero_point", DataType.Int8, scaleDims, new byte[channels]));
        var dequantize = Node("DequantizeLinear", $"{name}_dequantize", [$"{name}_quantized", $"{name}_scale", $"{name}_zero_point"], $"{name}_dequantized");
        if (axis >= 0) dequantize.Attribute.Add(Int("axis", axis));
        constants.Add(dequantize);
        return scales;
    }

    /// <summary>Adds a bias as int32 at scale s_x·s_w (per output channel, or one for the tensor) and its DequantizeLinear.</summary>
    private static void QuantizeBias(GraphProto graph, TensorProto bias, float[] scales, string name, List<NodeProto> constants)
    {
        var values = Floats(bias);
        var quantized = new int[values.Length];
        for (var k = 0; k < values.Length; k++)
            quantized[k] = (int)Math.Clamp(Math.Round(values[k] / scales[scales.Length == 1 ? 0 : k], MidpointRounding.ToEven), int.MinValue, int.MaxValue);
        long[] scaleDims = scales.Length == 1 ? [] : [scales.Length];
        graph.Initializer.Add(Initializer($"{name}_quantized", DataType.Int32, bias.Dims, MemoryMarshal.AsBytes(quantized.AsSpan())));
        graph.Initializer.Add(Initializer($"{name}_scale", DataType.Float, scaleDims, MemoryMarshal.AsBytes(scales.AsSpan())));
        graph.Initializer.Add(Initializer($"{name}_zero_point", DataType.Int32, scaleDims, new byte[4 * scales.Length]));
        var dequantize = Node("DequantizeLinear", $"{name}_dequantize", [$"{name}_quantized", $"{name}_scale", $"{name}_zero_point"], $"{name}_dequantized");
        if (scales.Length > 1) dequantize.Attribute.Add(Int("axis", 0));
        constants.Add(dequantize);
    }
}
