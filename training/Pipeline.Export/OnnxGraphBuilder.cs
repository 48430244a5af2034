using Google.Protobuf;
using Pipeline.Onnx.Proto;
using TorchSharp;

namespace Pipeline.Export;

/// <summary>
/// Builds one ONNX graph while walking a TorchSharp module tree: every module goes through its rule (or its own
/// <see cref="IOnnxExportModule"/>), inside a scope named by its state-dict path, so that an initializer made from a
/// parameter or buffer carries the state-dict name ("encoder.0.weight"). Every value carries its value on the example
/// inputs, computed by TorchSharp inside the exporter's dispose scope.
/// </summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>The symbolic name of the batch dimension in inputs and outputs.</summary>
    public const string BatchDimension = "batch";

    private readonly GraphProto graph = new();
    private readonly OnnxExportRules rules;
    private readonly HashSet<string> names = [];
    private readonly HashSet<string> initializers = [];
    private readonly Stack<(torch.nn.Module Module, string Path)> scopes = new();
    private int nodeCount;

    internal OnnxGraphBuilder(string name, OnnxExportRules rules, int opset)
    {
        graph.Name = name;
        this.rules = rules;
        Opset = opset;
    }

    /// <summary>The opset being written; a rule may emit different nodes for different opsets.</summary>
    public int Opset { get; }

    internal GraphProto Graph => graph;

    /// <summary>The state-dict path of the module being exported ("" at the root).</summary>
    public string Path => scopes.Count == 0 ? "" : scopes.Peek().Path;

    /// <summary>Exports <paramref name="child"/>, a registered submodule of the module being exported, on <paramref name="inputs"/>.</summary>
    public OnnxValue[] Apply(torch.nn.Module child, params OnnxValue[] inputs) =>
        ApplyAt(child, ChildPath(child), inputs, () => TorchForward.Run(child, inputs.Select(i => i.RequireExample()).ToList()));

    /// <summary>
    /// Exports <paramref name="child"/> called with other arguments than its graph inputs, e.g. an optional input left
    /// null (<c>unet.call(x, t, null)</c>): <paramref name="forward"/> makes that call on the examples
    /// (<see cref="OnnxValue.RequireExample"/>), and the child's <see cref="IOnnxExportModule.ExportOnnx"/> gets <paramref name="inputs"/>.
    /// </summary>
    public OnnxValue[] Apply(torch.nn.Module child, Func<torch.Tensor[]> forward, params OnnxValue[] inputs) =>
        ApplyAt(child, ChildPath(child), inputs, forward);

    /// <summary>Exports a one-input, one-output submodule; see <see cref="Apply(torch.nn.Module, OnnxValue[])"/>.</summary>
    public OnnxValue Apply(torch.nn.Module child, OnnxValue input) => Single(Apply(child, [input]), child);

    /// <summary>
    /// Runs <paramref name="build"/> inside the scope of <paramref name="child"/>, a registered submodule of the module being
    /// exported, without exporting its forward: <see cref="Parameter(torch.Tensor)"/> then resolves the child's own
    /// parameters and buffers under its state-dict path. For a second form of a network (an incremental decoding step)
    /// that uses a submodule's weights in other operations than its forward.
    /// </summary>
    public T Within<T>(torch.nn.Module child, Func<T> build)
    {
        scopes.Push((child, ChildPath(child)));
        try
        {
            return build();
        }
        finally
        {
            scopes.Pop();
        }
    }

    internal OnnxValue[] ApplyRoot(torch.nn.Module module, OnnxValue[] inputs) =>
        ApplyAt(module, "", inputs, () => TorchForward.Run(module, inputs.Select(i => i.RequireExample()).ToList()));

    private string ChildPath(torch.nn.Module child)
    {
        var (parent, path) = scopes.Count > 0 ? scopes.Peek() : throw new InvalidOperationException("Apply is called inside an export.");
        var name = parent.named_children().FirstOrDefault(c => ReferenceEquals(c.module, child)).name
                   ?? throw new OnnxExportException(
                       $"{child.GetType().Name} is not a registered submodule of {parent.GetType().Name} at '{path}': register it " +
                       "(a field and RegisterComponents(), or register_module) so its parameters have state-dict names.");
        return path.Length == 0 ? name : $"{path}.{name}";
    }

    private OnnxValue[] ApplyAt(torch.nn.Module module, string path, OnnxValue[] inputs, Func<torch.Tensor[]> forward)
    {
        // What the module computes on the examples, for the steps that follow; this also checks that it takes these inputs.
        var examples = forward();
        scopes.Push((module, path));
        OnnxValue[] outputs;
        try
        {
            outputs = module is IOnnxExportModule custom ? custom.ExportOnnx(this, inputs) : rules.For(module).Export(this, module, inputs);
        }
        finally
        {
            scopes.Pop();
        }
        if (examples.Length != outputs.Length)
            throw new OnnxExportException(
                $"{module.GetType().Name} at '{path}' returned {examples.Length} tensors but its export gave {outputs.Length} values.");
        for (var i = 0; i < outputs.Length; i++) outputs[i].Example = examples[i];
        return outputs;
    }

    /// <summary>
    /// The initializer of <paramref name="tensor"/>, a parameter or buffer of the module being exported (the same
    /// tensor object its field holds), named by its state-dict name; added once however often it is used.
    /// </summary>
    public string Parameter(torch.Tensor tensor)
    {
        var (module, path) = scopes.Peek();
        var local = OwnTensors(module).FirstOrDefault(p => p.Tensor.Handle == tensor.Handle).Name
                    ?? throw new OnnxExportException(
                        $"A tensor used by {module.GetType().Name} at '{path}' is not one of its registered parameters or buffers: " +
                        "register it, or add it as a constant (Constant).");
        return Parameter(local);
    }

    /// <summary>
    /// The initializer of the parameter or buffer the module being exported registered as <paramref name="localName"/>
    /// ("weight", "running_mean"), named by its state-dict name; added once however often it is used.
    /// </summary>
    public string Parameter(string localName)
    {
        var (module, path) = scopes.Peek();
        var name = path.Length == 0 ? localName : $"{path}.{localName}";
        if (initializers.Contains(name)) return name;
        var tensor = OwnTensors(module).FirstOrDefault(p => p.Name == localName).Tensor
                     ?? throw new OnnxExportException(
                         $"{module.GetType().Name} at '{path}' has no parameter or buffer '{localName}'; it has: " +
                         $"{string.Join(", ", OwnTensors(module).Select(p => p.Name))}.");
        AddInitializer(name, tensor);
        initializers.Add(name);
        return name;
    }

    private static IEnumerable<(string Name, torch.Tensor Tensor)> OwnTensors(torch.nn.Module module) =>
        module.named_parameters(recurse: false).Select(p => (p.name, (torch.Tensor)p.parameter)).Concat(module.named_buffers(recurse: false));

    /// <summary>A constant initializer (float32 or int64, copied now), named under the current scope.</summary>
    public string Constant(string localName, torch.Tensor value)
    {
        var name = Unique(Qualified(localName));
        AddInitializer(name, value);
        return name;
    }

    /// <summary>A 1-D int64 constant (shapes, axes, pads).</summary>
    public string Constant(string localName, params long[] values)
    {
        using var tensor = torch.tensor(values);
        return Constant(localName, tensor);
    }

    /// <summary>A float32 constant of the given shape.</summary>
    public string Constant(string localName, float[] values, params long[] shape)
    {
        using var tensor = torch.tensor(values, shape);
        return Constant(localName, tensor);
    }

    /// <summary>
    /// Adds a node with one output. <paramref name="example"/> is its value on the examples (computed by the caller
    /// with TorchSharp) or null for an intermediate value no later step needs the shape of.
    /// </summary>
    public OnnxValue Node(string opType, IReadOnlyList<string> inputs, torch.Tensor? example, params OnnxNodeAttribute[] attributes)
    {
        var id = nodeCount++;
        var output = Unique(Qualified($"{opType}_{id}"));
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes.Select(a => a.Proto));
        graph.Node.Add(node);
        return new OnnxValue(output, example);
    }

    /// <summary>The number of nodes so far.</summary>
    public int NodeCount => graph.Node.Count;

    internal OnnxValue Input(string name, torch.Tensor example, bool dynamicBatch)
    {
        if (!names.Add(name)) throw new OnnxExportException($"The input name '{name}' is used twice.");
        graph.Input.Add(ValueInfo(name, example, dynamicBatch));
        return new OnnxValue(name, example);
    }

    internal void Output(OnnxValue value, string name, bool dynamicBatch)
    {
        var example = value.RequireExample();
        if (value.Name != name)
        {
            if (!names.Add(name)) throw new OnnxExportException($"The output name '{name}' is already a value of the graph: choose another.");
            var node = new NodeProto { OpType = "Identity", Name = name };
            node.Input.Add(value.Name);
            node.Output.Add(name);
            graph.Node.Add(node);
        }
        graph.Output.Add(ValueInfo(name, example, dynamicBatch));
    }

    private static OnnxValue Single(OnnxValue[] outputs, torch.nn.Module module) => outputs.Length == 1
        ? outputs[0]
        : throw new OnnxExportException($"{module.GetType().Name} returns {outputs.Length} values: use the Apply overload that returns them all.");

    private string Qualified(string local) => Path.Length == 0 ? local : $"{Path}.{local}";

    private string Unique(string name)
    {
        var candidate = name;
        for (var k = 1; !names.Add(candidate); k++) candidate = $"{name}_{k}";
        return candidate;
    }

    private void AddInitializer(string name, torch.Tensor value)
    {
        names.Add(name);
        using var cpu = value.detach().cpu().contiguous();
        var proto = new TensorProto { Name = name };
        proto.Dims.AddRange(cpu.shape);
        switch (cpu.dtype)
        {
            case torch.ScalarType.Float32:
                proto.DataType = (int)TensorProto.Types.DataType.Float;
                proto.RawData = ByteString.CopyFrom(cpu.bytes);
                break;
            case torch.ScalarType.Int64:
                proto.DataType = (int)TensorProto.Types.DataType.Int64;
                proto.RawData = ByteString.CopyFrom(cpu.bytes);
                break;
            default:
                throw new OnnxExportException($"'{name}' is {cpu.dtype}: the exporter writes float32 and int64 tensors; convert the module with .to(torch.float32).");
        }
        graph.Initializer.Add(proto);
    }

    private static ValueInfoProto ValueInfo(string name, torch.Tensor example, bool dynamicBatch)
    {
        var type = example.dtype switch
        {
            torch.ScalarType.Float32 => TensorProto.Types.DataType.Float,
            torch.ScalarType.Int64 => TensorProto.Types.DataType.Int64,
            _ => throw new OnnxExportException($"'{name}' is {example.dtype}: graph inputs and outputs are float32 or int64."),
        };
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        var shape = example.shape;
        for (var d = 0; d < shape.Length; d++)
            tensorType.Shape.Dim.Add(d == 0 && dynamicBatch
                ? new TensorShapeProto.Types.Dimension { DimParam = BatchDimension }
                : new TensorShapeProto.Types.Dimension { DimValue = shape[d] });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
