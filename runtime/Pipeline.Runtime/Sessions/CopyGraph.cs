using Google.Protobuf;
using Pipeline.Onnx;
using Pipeline.Onnx.Proto;

namespace Pipeline.Runtime.Sessions;

/// <summary>
/// A graph that copies a float tensor of any shape (one Identity node). On a GPU provider, with its input bound to a host
/// tensor and its output to a tensor of the GPU's memory, a run writes the host's values into that tensor, which stays
/// where it is: what a network replayed as a CUDA graph needs of its inputs (<c>DiffusionStatePlacement.CudaGraph</c>),
/// since ONNX Runtime copies a bound host input into a new place each time it is bound.
/// </summary>
internal static class CopyGraph
{
    public const string Source = "source", Target = "target";

    public static byte[] Build()
    {
        var graph = new GraphProto { Name = "copy" };
        graph.Input.Add(AnyFloatTensor(Source));
        graph.Output.Add(AnyFloatTensor(Target));
        var node = new NodeProto { OpType = "Identity", Name = "copy" };
        node.Input.Add(Source);
        node.Output.Add(Target);
        graph.Node.Add(node);
        var model = new ModelProto { IrVersion = OnnxModelFile.IrVersion, ProducerName = "Pipeline.Runtime", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxModelFile.Opset });
        return model.ToByteArray();
    }

    /// <summary>A float tensor of any rank and shape (no shape given).</summary>
    private static ValueInfoProto AnyFloatTensor(string name) =>
        new() { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } };
}
