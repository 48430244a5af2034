using Google.Protobuf;
using Pipeline.Onnx.Proto;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Export.Precision;

/// <summary>Small edits the precision rewrites share: new nodes and initializers, renamed uses, unused initializers removed.</summary>
internal static class OnnxGraphEdits
{
    public static NodeProto Node(string opType, string name, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An initializer of <paramref name="type"/> holding <paramref name="raw"/> (little-endian values).</summary>
    public static TensorProto Initializer(string name, DataType type, IEnumerable<long> dims, ReadOnlySpan<byte> raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    /// <summary>A float32 initializer's values, from raw_data or float_data.</summary>
    public static float[] Floats(TensorProto tensor)
    {
        if (tensor.DataType != (int)DataType.Float) throw new InvalidDataException($"initializer '{tensor.Name}' is not float32");
        return tensor.RawData.Length > 0
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : tensor.FloatData.ToArray();
    }

    /// <summary>Makes every node of <paramref name="nodes"/> read <paramref name="replacement"/> where it read <paramref name="original"/>.</summary>
    public static void ReplaceUses(IEnumerable<NodeProto> nodes, string original, string replacement)
    {
        foreach (var node in nodes)
            for (var i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == original) node.Input[i] = replacement;
    }

    /// <summary>Drops the initializers no node reads and no graph output names.</summary>
    public static void RemoveUnusedInitializers(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet();
        var kept = graph.Initializer.Where(i => used.Contains(i.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
    }
}
