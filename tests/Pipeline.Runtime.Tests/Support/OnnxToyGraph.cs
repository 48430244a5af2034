using Pipeline.Onnx;
using Pipeline.Onnx.Proto;

namespace Pipeline.Runtime.Tests.Support;

/// <summary>Builds small float32 ONNX graphs (opset 17, dynamic batch "batch") with the generated protobuf classes.</summary>
internal sealed class OnnxToyGraph
{
    private readonly GraphProto graph;

    public OnnxToyGraph(string name) => graph = new GraphProto { Name = name };

    /// <summary>A float input; −1 is the dynamic batch dimension.</summary>
    public string Input(string name, params long[] shape)
    {
        graph.Input.Add(ValueInfo(name, shape));
        return name;
    }

    /// <summary>Marks <paramref name="name"/> (a node's output) as a graph output of <paramref name="shape"/>.</summary>
    public void Output(string name, params long[] shape) => graph.Output.Add(ValueInfo(name, shape));

    /// <summary>A float32 initializer.</summary>
    public string Floats(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A 1-D int64 initializer (Reshape's shape input).</summary>
    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A node with one output, named <paramref name="output"/>.</summary>
    public string Node(string op, string output, params string[] inputs)
    {
        var node = new NodeProto { OpType = op, Name = output + "_node" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        graph.Node.Add(node);
        return output;
    }

    /// <summary>Writes the model (opset 17, IR 8).</summary>
    public string Write(string path)
    {
        var model = new ModelProto { IrVersion = OnnxModelFile.IrVersion, ProducerName = "pipeline-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxModelFile.Opset });
        OnnxModelFile.Write(model, path);
        return path;
    }

    private static ValueInfoProto ValueInfo(string name, long[] shape)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        foreach (var d in shape)
            tensor.Shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "batch" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
