using TorchSharp;

namespace Pipeline.Export;

/// <summary>
/// The operations a custom module's <see cref="IOnnxExportModule.ExportOnnx"/> composes: each adds one ONNX node and
/// computes its value on the examples with the TorchSharp operation it stands for.
/// </summary>
public sealed partial class OnnxGraphBuilder
{
    /// <summary>a + b, broadcasting.</summary>
    public OnnxValue Add(OnnxValue a, OnnxValue b) => Binary("Add", a, b, (x, y) => x + y);

    /// <summary>a − b, broadcasting.</summary>
    public OnnxValue Sub(OnnxValue a, OnnxValue b) => Binary("Sub", a, b, (x, y) => x - y);

    /// <summary>a · b elementwise, broadcasting.</summary>
    public OnnxValue Mul(OnnxValue a, OnnxValue b) => Binary("Mul", a, b, (x, y) => x * y);

    /// <summary>a / b elementwise, broadcasting.</summary>
    public OnnxValue Div(OnnxValue a, OnnxValue b) => Binary("Div", a, b, (x, y) => x / y);

    /// <summary>The matrix product, batched like torch.matmul.</summary>
    public OnnxValue MatMul(OnnxValue a, OnnxValue b) => Binary("MatMul", a, b, torch.matmul);

    /// <summary>
    /// a·Bᵀ + c (ONNX Gemm with transB = 1): <paramref name="a"/> [N, in], <paramref name="weight"/> B [out, in],
    /// <paramref name="c"/> [out] or [N, out]; a fully connected layer, or a convolution evaluated at one output pixel.
    /// </summary>
    public OnnxValue Gemm(OnnxValue a, OnnxValue weight, OnnxValue c) =>
        Node("Gemm", [a.Name, weight.Name, c.Name], a.RequireExample().matmul(weight.RequireExample().t()) + c.RequireExample(),
             OnnxNodeAttribute.Int("transB", 1));

    /// <summary>An elementwise operator with no attributes (Relu, Sigmoid, Tanh, Exp, Log, Sqrt, Neg, Abs, …) and its TorchSharp counterpart.</summary>
    public OnnxValue Unary(string opType, OnnxValue x, Func<torch.Tensor, torch.Tensor> reference) =>
        Node(opType, [x.Name], reference(x.RequireExample()));

    /// <summary>Joins values along <paramref name="axis"/> (negative counts from the end).</summary>
    public OnnxValue Concat(long axis, params OnnxValue[] values) =>
        Node("Concat", values.Select(v => v.Name).ToList(), torch.cat(values.Select(v => v.RequireExample()).ToList(), axis),
             OnnxNodeAttribute.Int("axis", axis));

    /// <summary>
    /// Reshapes to <paramref name="shape"/> with ONNX's rules: 0 keeps the input's dimension (use it for the batch),
    /// −1 is inferred.
    /// </summary>
    public OnnxValue Reshape(OnnxValue x, params long[] shape)
    {
        var example = x.RequireExample();
        var concrete = shape.Select((d, i) => d == 0 ? example.shape[i] : d).ToArray();
        return Node("Reshape", [x.Name, Constant("shape", shape)], example.reshape(concrete));
    }

    /// <summary>Permutes the dimensions.</summary>
    public OnnxValue Transpose(OnnxValue x, params long[] permutation) =>
        Node("Transpose", [x.Name], x.RequireExample().permute(permutation), OnnxNodeAttribute.Ints("perm", permutation));

    /// <summary>Inserts dimensions of size 1 at <paramref name="axes"/> (of the output).</summary>
    public OnnxValue Unsqueeze(OnnxValue x, params long[] axes)
    {
        var example = x.RequireExample();
        foreach (var axis in axes.Order()) example = example.unsqueeze(axis);
        return Node("Unsqueeze", [x.Name, Constant("axes", axes)], example);
    }

    /// <summary>
    /// Gathers along <paramref name="axis"/> of <paramref name="data"/> the entries <paramref name="indices"/> names (ONNX Gather):
    /// int64 indices [N] give [.., N, ..]; a 0-D index removes the axis.
    /// </summary>
    public OnnxValue Gather(OnnxValue data, OnnxValue indices, long axis)
    {
        var (x, index) = (data.RequireExample(), indices.RequireExample());
        var example = index.dim() == 0 ? x.select(axis, index.item<long>()) : x.index_select(axis, index);
        return Node("Gather", [data.Name, indices.Name], example, OnnxNodeAttribute.Int("axis", axis));
    }

    /// <summary>Float values cast to int64 (ONNX Cast, truncating as torch does): positions and categories given as floats.</summary>
    public OnnxValue ToInt64(OnnxValue x) =>
        Node("Cast", [x.Name], x.RequireExample().to(torch.ScalarType.Int64), OnnxNodeAttribute.Int("to", (long)Onnx.Proto.TensorProto.Types.DataType.Int64));

    /// <summary>The sum over <paramref name="axis"/>, which is removed (ONNX ReduceSum with keepdims = 0).</summary>
    public OnnxValue Sum(OnnxValue x, long axis) =>
        Node("ReduceSum", [x.Name, Constant("axes", axis)], x.RequireExample().sum(axis), OnnxNodeAttribute.Int("keepdims", 0));

    /// <summary>A constant value (copied now) usable as any operation's input, e.g. a scale factor.</summary>
    public OnnxValue ConstantValue(string localName, torch.Tensor value) => new(Constant(localName, value), value.detach().clone());

    /// <summary>A registered parameter or buffer of the module being exported, as a value.</summary>
    public OnnxValue ParameterValue(torch.Tensor tensor) => new(Parameter(tensor), tensor.detach().clone());

    private OnnxValue Binary(string opType, OnnxValue a, OnnxValue b, Func<torch.Tensor, torch.Tensor, torch.Tensor> reference) =>
        Node(opType, [a.Name, b.Name], reference(a.RequireExample(), b.RequireExample()));
}
