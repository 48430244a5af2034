using Google.Protobuf;
using Pipeline.Onnx;
using Pipeline.Onnx.Proto;

namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// The reverse step (<see cref="AffineStep"/>) as a small ONNX graph, which runs on the denoiser's provider so that x_t
/// stays in that provider's memory from one step to the next (<see cref="DiffusionStatePlacement.Device"/>). Built for one
/// batch shape; the step's constants come in each run as the 8 "coefficients", computed by the scheduler from the
/// package's betas.
/// </summary>
/// <remarks>
/// Inputs: "sample" x_t [R, ...sample_shape] and "epsilon" ε̂ [R, ...] (the denoiser's input and output), "noise" z
/// [N, ...] and "coefficients" [8]. Output: "next" x_prev [R, ...], which is the next step's denoiser input. Under
/// classifier-free guidance R = 2N: rows 0..N−1 hold x_t with the labels and rows N..2N−1 the same x_t with ∅, so the
/// graph guides ε̂ from its two halves and writes x_prev into both.
/// </remarks>
internal static class SchedulerUpdateGraph
{
    public const string Sample = "sample", Epsilon = "epsilon", Noise = "noise", Coefficients = "coefficients", Next = "next";

    /// <param name="batchSize">N.</param>
    /// <param name="itemShape">One item's shape, without the batch.</param>
    /// <param name="guidanceScale">w when the denoiser runs the guided 2N rows, else null.</param>
    /// <param name="clip">x̂₀ clipped to [−1, 1] (<see cref="AffineStep.Clip"/>).</param>
    /// <param name="impliedNoise">ε̃ from the clipped x̂₀ (<see cref="AffineStep.ImpliedNoise"/>).</param>
    public static byte[] Build(int batchSize, long[] itemShape, double? guidanceScale, bool clip, bool impliedNoise)
    {
        var rows = guidanceScale is null ? batchSize : 2 * batchSize;
        var graph = new GraphProto { Name = "scheduler_update" };
        graph.Input.Add(Tensor(Sample, [rows, .. itemShape]));
        graph.Input.Add(Tensor(Epsilon, [rows, .. itemShape]));
        graph.Input.Add(Tensor(Noise, [batchSize, .. itemShape]));
        graph.Input.Add(Tensor(Coefficients, [AffineStep.Count]));
        graph.Output.Add(Tensor(Next, [rows, .. itemShape]));
        var (x, epsilon) = (Sample, Epsilon);

        // The coefficients, [1] each (broadcast over x_t).
        Node(graph, "Split", [Coefficients], ["r", "q", "a", "b", "c", "sigma", "s", "u"], new AttributeProto { Name = "axis", I = 0, Type = AttributeProto.Types.AttributeType.Int });
        if (guidanceScale is { } w)
        {
            // 0. Ho and Salimans 2022: ε̂ = ε̂(x, ∅) + w·(ε̂(x, c) − ε̂(x, ∅)), from rows N..2N−1 and 0..N−1; x_t is rows 0..N−1.
            Int64(graph, "first", 0);
            Int64(graph, "middle", batchSize);
            Int64(graph, "end", rows);
            Int64(graph, "batch_axis", 0);
            Node(graph, "Slice", [Sample, "first", "middle", "batch_axis"], ["x"]);
            Node(graph, "Slice", [Epsilon, "first", "middle", "batch_axis"], ["eps_conditional"]);
            Node(graph, "Slice", [Epsilon, "middle", "end", "batch_axis"], ["eps_unconditional"]);
            Float(graph, "w", (float)w, [1]);
            Node(graph, "Sub", ["eps_conditional", "eps_unconditional"], ["eps_difference"]);
            Node(graph, "Mul", ["w", "eps_difference"], ["eps_guidance"]);
            Node(graph, "Add", ["eps_unconditional", "eps_guidance"], ["eps_guided"]);
            (x, epsilon) = ("x", "eps_guided");
        }
        // 1. x̂₀ = R·x_t − Q·ε̂, clipped to [−1, 1].
        Node(graph, "Mul", ["r", x], ["r_x"]);
        Node(graph, "Mul", ["q", epsilon], ["q_eps"]);
        Node(graph, "Sub", ["r_x", "q_eps"], ["x0"]);
        var x0 = "x0";
        if (clip)
        {
            Float(graph, "lower", -1f, []);
            Float(graph, "upper", 1f, []);
            Node(graph, "Clip", ["x0", "lower", "upper"], [x0 = "x0_clipped"]);
        }
        // 2. ε̃ = (x_t − S·x̂₀)·U, the noise the clipped x̂₀ implies.
        if (impliedNoise)
        {
            Node(graph, "Mul", ["s", x0], ["s_x0"]);
            Node(graph, "Sub", [x, "s_x0"], ["x_minus_s_x0"]);
            Node(graph, "Mul", ["x_minus_s_x0", "u"], [epsilon = "eps_implied"]);
        }
        // 3. x_prev = A·x̂₀ + B·x_t + C·ε̃ + σ·z.
        Node(graph, "Mul", ["a", x0], ["a_x0"]);
        Node(graph, "Mul", ["b", x], ["b_x"]);
        Node(graph, "Mul", ["c", epsilon], ["c_eps"]);
        Node(graph, "Mul", ["sigma", Noise], ["sigma_z"]);
        Node(graph, "Add", ["a_x0", "b_x"], ["mean_part"]);
        Node(graph, "Add", ["c_eps", "sigma_z"], ["noise_part"]);
        if (guidanceScale is null) Node(graph, "Add", ["mean_part", "noise_part"], [Next]);
        else
        {
            // x_prev into both halves of the next denoiser input.
            Node(graph, "Add", ["mean_part", "noise_part"], ["x_prev"]);
            Node(graph, "Concat", ["x_prev", "x_prev"], [Next], new AttributeProto { Name = "axis", I = 0, Type = AttributeProto.Types.AttributeType.Int });
        }

        var model = new ModelProto { IrVersion = OnnxModelFile.IrVersion, ProducerName = "Pipeline.Runtime", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxModelFile.Opset });
        return model.ToByteArray();
    }

    private static void Node(GraphProto graph, string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{outputs[0]}_{op}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
    }

    private static void Float(GraphProto graph, string name, float value, long[] shape)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(shape);
        tensor.FloatData.Add(value);
        graph.Initializer.Add(tensor);
    }

    private static void Int64(GraphProto graph, string name, long value)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(1);
        tensor.Int64Data.Add(value);
        graph.Initializer.Add(tensor);
    }

    private static ValueInfoProto Tensor(string name, long[] shape)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        foreach (var d in shape) tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
