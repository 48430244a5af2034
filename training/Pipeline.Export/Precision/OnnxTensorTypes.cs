using Pipeline.Onnx.Proto;
using DataType = Pipeline.Onnx.Proto.TensorProto.Types.DataType;

namespace Pipeline.Export.Precision;

/// <summary>The element type of every tensor of a graph, inferred from its inputs, initializers and operators.</summary>
internal static class OnnxTensorTypes
{
    private static readonly HashSet<string> Int64Results = ["Shape", "Size", "ArgMax", "ArgMin", "NonZero"];
    private static readonly HashSet<string> BoolResults = ["Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Not", "And", "Or", "Xor", "IsNaN", "IsInf"];

    /// <summary>Each tensor's <see cref="DataType"/> by name (nodes are in topological order, as ONNX requires).</summary>
    public static Dictionary<string, DataType> Infer(GraphProto graph)
    {
        var types = new Dictionary<string, DataType>();
        foreach (var input in graph.Input) types[input.Name] = (DataType)input.Type.TensorType.ElemType;
        foreach (var initializer in graph.Initializer) types[initializer.Name] = (DataType)initializer.DataType;
        foreach (var node in graph.Node)
        {
            var type = ResultType(node, types);
            foreach (var output in node.Output.Where(o => o.Length > 0)) types[output] = type;
        }
        return types;
    }

    private static DataType ResultType(NodeProto node, Dictionary<string, DataType> types)
    {
        DataType InputType(int k) => node.Input.Count > k && types.TryGetValue(node.Input[k], out var t) ? t : DataType.Float;
        if (node.OpType == "Cast") return (DataType)node.Attribute.Single(a => a.Name == "to").I;
        if (Int64Results.Contains(node.OpType)) return DataType.Int64;
        if (BoolResults.Contains(node.OpType)) return DataType.Bool;
        if (node.OpType is "Constant" or "ConstantOfShape")
            return node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } value ? (DataType)value.DataType : DataType.Float;
        if (node.OpType == "QuantizeLinear") return node.Input.Count > 2 ? InputType(2) : DataType.Uint8;
        if (node.OpType == "DequantizeLinear") return InputType(1);
        if (node.OpType == "Where") return InputType(1);
        return InputType(0);
    }
}
