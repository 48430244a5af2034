using System.Runtime.InteropServices;
using Pipeline.Onnx.Proto;
using static Pipeline.Export.Precision.OnnxGraphEdits;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Export.Precision;

/// <summary>
/// Rewrites a float32 ONNX graph to compute in float16, for GPUs, keeping its inputs and outputs float32 (a Cast after
/// each float input and before each float output), so a caller feeds and reads it exactly as before:
/// <code>
/// var half = Float16Conversion.Convert(OnnxModelFile.Read("denoiser.onnx"), keepFloat32: ["timestep"]);
/// </code>
/// What depends on the float data inputs runs in float16: its weights are stored in half (half the file) and its Casts
/// to float become Casts to float16. What depends only on the inputs named in <c>keepFloat32</c> (and on constants)
/// stays float32: a timestep embedding, sin(t·ω) for t up to 1000, would lose its phase in float16 (whose spacing at 999
/// is 0.5); its result is cast to float16 where the half part reads it. Resize's roi and scales stay float32, as ONNX
/// Runtime reads them. On a provider without a float16 kernel for an operator (ONNX Runtime's CPU has few), ONNX Runtime
/// casts around it by itself: the graph still runs there, slower.
/// </summary>
public static class Float16Conversion
{
    /// <summary>Inputs that stay float32 whatever the data type: (operator, input index).</summary>
    private static readonly HashSet<(string, int)> Float32Inputs = [("Resize", 1), ("Resize", 2)];

    /// <summary>The float16 version of <paramref name="source"/> (which is not changed).</summary>
    /// <param name="source">The float32 graph.</param>
    /// <param name="keepFloat32">Float inputs whose computation stays float32 (timesteps, positions): the values, not the data.</param>
    public static ModelProto Convert(ModelProto source, IReadOnlyCollection<string>? keepFloat32 = null)
    {
        keepFloat32 ??= [];
        var model = source.Clone();
        var graph = model.Graph;
        var types = OnnxTensorTypes.Infer(graph);
        var initializers = graph.Initializer.ToDictionary(i => i.Name);

        // 1. The half part: every tensor that depends on a float data input, and the nodes that read one.
        var halfInputs = graph.Input.Where(i => types[i.Name] == DataType.Float && !keepFloat32.Contains(i.Name)).ToList();
        var dependent = halfInputs.Select(i => i.Name).ToHashSet();
        var halfNodes = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var node in graph.Node.Where(n => n.Input.Any(dependent.Contains)))
        {
            halfNodes.Add(node);
            foreach (var output in node.Output.Where(o => o.Length > 0)) dependent.Add(output);
        }

        // 2. Float inputs become float16 right after the graph's entry.
        var nodes = new List<NodeProto>();
        foreach (var input in halfInputs)
        {
            ReplaceUses(halfNodes, input.Name, input.Name + "_fp16");
            nodes.Add(Cast(input.Name, input.Name + "_fp16", DataType.Float16));
        }

        // 3. Float outputs of the half part are computed as float16 and cast back to float at the end.
        var outputCasts = new List<NodeProto>();
        foreach (var output in graph.Output.Where(o => types[o.Name] == DataType.Float && dependent.Contains(o.Name)))
        {
            var half = output.Name + "_fp16";
            foreach (var node in halfNodes)
                for (var k = 0; k < node.Output.Count; k++)
                    if (node.Output[k] == output.Name) node.Output[k] = half;
            ReplaceUses(halfNodes, output.Name, half);
            outputCasts.Add(Cast(half, output.Name, DataType.Float));
        }

        // 4. Each half node reads float16: its float32 weights are converted, float32 tensors of the float32 part are cast.
        var converted = new Dictionary<string, string>();
        foreach (var node in graph.Node)
        {
            if (halfNodes.Contains(node))
            {
                for (var i = 0; i < node.Input.Count; i++)
                {
                    var name = node.Input[i];
                    if (name.Length == 0 || dependent.Contains(name)) continue;
                    if (!types.TryGetValue(name, out var type) || type != DataType.Float || Float32Inputs.Contains((node.OpType, i))) continue;
                    if (!converted.TryGetValue(name, out var half))
                    {
                        half = name + "_fp16";
                        converted[name] = half;
                        if (initializers.TryGetValue(name, out var weights)) graph.Initializer.Add(ToFloat16(weights, half));
                        else nodes.Add(Cast(name, half, DataType.Float16));
                    }
                    node.Input[i] = half;
                }
                var to = node.OpType == "Cast" ? node.Attribute.Single(a => a.Name == "to") : null;
                if (to is not null && to.I == (long)DataType.Float) to.I = (long)DataType.Float16;
            }
            nodes.Add(node);
        }
        nodes.AddRange(outputCasts);
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        foreach (var info in graph.ValueInfo.Where(v => dependent.Contains(v.Name) && v.Type.TensorType.ElemType == (int)DataType.Float))
            info.Type.TensorType.ElemType = (int)DataType.Float16;
        RemoveUnusedInitializers(graph);
        return model;
    }

    private static NodeProto Cast(string input, string output, DataType to) => Node("Cast", $"cast_{output}", [input], output, Int("to", (long)to));

    /// <summary>The largest finite float16, 65504.</summary>
    private const float MaxHalf = 65504f;

    private static TensorProto ToFloat16(TensorProto tensor, string name)
    {
        var values = Floats(tensor);
        var half = new Half[values.Length];
        // Beyond ±65504 a half is ±∞ (a BatchNorm running variance of 7e4 would make its channel constant): the largest
        // finite half instead, as converters do; the comparison with float32 after the conversion shows what it cost.
        for (var k = 0; k < values.Length; k++) half[k] = (Half)Math.Clamp(values[k], -MaxHalf, MaxHalf);
        return Initializer(name, DataType.Float16, tensor.Dims, MemoryMarshal.AsBytes(half.AsSpan()));
    }
}
