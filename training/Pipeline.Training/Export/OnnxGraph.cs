using Google.Protobuf;
using Pipeline.Nn;
using Pipeline.Onnx;
using Pipeline.Onnx.Proto;
using Pipeline.Tensors;

namespace Pipeline.Export;

/// <summary>
/// Builds an ONNX graph from modules. It tracks every value's shape (−1 marks the dynamic batch
/// dimension), names parameters by their module path ("encoder.0.weight", as in the state dict),
/// and turns into a <see cref="ModelProto"/> of opset <see cref="OnnxModelFile.Opset"/>.
/// </summary>
public sealed class OnnxGraph
{
    /// <summary>The symbolic name of the batch dimension in inputs and outputs.</summary>
    public const string BatchDimension = "batch";

    private readonly GraphProto graph;
    private readonly Dictionary<string, long[]> shapes = new();
    private readonly Stack<string> scopes = new();
    private int nodeCount;

    public OnnxGraph(string name) => graph = new GraphProto { Name = name };

    /// <summary>Declares a float32 graph input; a −1 in <paramref name="shape"/> is the batch dimension.</summary>
    public string AddInput(string name, params long[] shape)
    {
        graph.Input.Add(ValueInfo(name, shape, TensorProto.Types.DataType.Float));
        shapes[name] = shape;
        return name;
    }

    /// <summary>Makes <paramref name="value"/> a graph output called <paramref name="name"/>.</summary>
    public void AddOutput(string value, string name)
    {
        var shape = ShapeOf(value);
        if (value != name) value = Node("Identity", new[] { value }, shape, outputName: name);
        graph.Output.Add(ValueInfo(value, shape, TensorProto.Types.DataType.Float));
    }

    public long[] ShapeOf(string value) =>
        shapes.TryGetValue(value, out var shape) ? shape : throw new InvalidOperationException($"the graph has no value '{value}'");

    /// <summary>Names parameters and nodes added until disposal under <paramref name="name"/> (nested scopes join with '.').</summary>
    public IDisposable Scope(string name)
    {
        scopes.Push(name);
        return new ScopeExit(scopes);
    }

    private string Qualified(string local) => string.Join('.', scopes.Reverse().Append(local));

    /// <summary>Exports a module: through <see cref="IOnnxExportable"/>, inside a scope named <paramref name="scope"/>.</summary>
    public string Apply(Module module, string input, string? scope = null)
    {
        if (module is not IOnnxExportable exportable)
            throw new NotSupportedException($"{module.GetType().Name} cannot be exported to ONNX: implement IOnnxExportable");
        if (scope is null) return exportable.ExportOnnx(this, input);
        using var _ = Scope(scope);
        return exportable.ExportOnnx(this, input);
    }

    /// <summary>
    /// Adds a tensor (float32 or int64, copied now) as an initializer named by the current scope;
    /// a name used twice is an error (apply each module in its own scope).
    /// </summary>
    public string Parameter(string localName, Tensor value)
    {
        var name = Qualified(localName);
        if (shapes.ContainsKey(name))
            throw new InvalidOperationException($"the graph already has a value '{name}': apply each module in its own scope (graph.Apply(module, input, scope))");
        using var cpu = value.Detach().Cpu().Contiguous();
        var proto = new TensorProto { Name = name };
        proto.Dims.AddRange(cpu.Shape);
        switch (cpu.DType)
        {
            case DType.Float32:
                proto.DataType = (int)TensorProto.Types.DataType.Float;
                proto.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes<float>(cpu.ToArray<float>()));
                break;
            case DType.Int64:
                proto.DataType = (int)TensorProto.Types.DataType.Int64;
                proto.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes<long>(cpu.ToArray<long>()));
                break;
            default:
                throw new NotSupportedException($"parameters of dtype {cpu.DType.Name()} cannot be exported: convert the model to float32");
        }
        graph.Initializer.Add(proto);
        shapes[name] = cpu.Shape;
        return name;
    }

    /// <summary>A float32 constant (an initializer) of the given shape.</summary>
    public string Constant(string localName, float[] values, params long[] shape)
    {
        using var tensor = Tensor.From(values, shape);
        return Parameter(localName, tensor);
    }

    /// <summary>A 1-D int64 constant, e.g. a target shape for Reshape.</summary>
    public string Constant(string localName, params long[] values)
    {
        using var tensor = Tensor.From(values, values.Length);
        return Parameter(localName, tensor);
    }

    /// <summary>Adds a node with one output of the given shape; returns the output's name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, long[] outputShape, string? outputName = null, params OnnxAttribute[] attributes)
    {
        var output = outputName ?? Qualified($"{opType}_{nodeCount}");
        var node = new NodeProto { OpType = opType, Name = Qualified($"{opType}_{nodeCount++}") };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes.Select(a => a.Proto));
        graph.Node.Add(node);
        shapes[output] = outputShape;
        return output;
    }

    /// <summary>A node whose output has its input's shape (activations, normalizations).</summary>
    public string Elementwise(string opType, string input, params OnnxAttribute[] attributes) =>
        Node(opType, new[] { input }, ShapeOf(input), attributes: attributes);

    /// <summary>A binary node broadcasting like numpy; the output has the first input's shape.</summary>
    public string Binary(string opType, string a, string b) => Node(opType, new[] { a, b }, ShapeOf(a));

    public ModelProto ToModel(IReadOnlyDictionary<string, string>? metadata = null)
    {
        var model = new ModelProto
        {
            IrVersion = OnnxModelFile.IrVersion,
            ProducerName = "Pipeline",
            ProducerVersion = "1",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxModelFile.Opset });
        if (metadata is not null)
            foreach (var (key, value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, long[] shape, TensorProto.Types.DataType type)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        foreach (var d in shape)
            tensorType.Shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = BatchDimension } : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    private sealed class ScopeExit : IDisposable
    {
        private readonly Stack<string> scopes;
        private bool done;

        public ScopeExit(Stack<string> scopes) => this.scopes = scopes;

        public void Dispose()
        {
            if (done) return;
            done = true;
            scopes.Pop();
        }
    }
}
