using Pipeline.Tests.Support;
using System.Globalization;

namespace Pipeline.Runtime.Tests.Support;

/// <summary>
/// A tiny ONNX model, Y = X·W + B with X of shape [batch, 3] (batch dynamic) and Y of shape [batch, 2],
/// written by Debian's python3-onnx (opset 17) until Pipeline's own ONNX writer lands; and the same
/// computation in C# to check ONNX Runtime's answers.
/// </summary>
internal static class LinearModel
{
    public const int Inputs = 3;
    public const int Outputs = 2;
    public const string InputName = "X";
    public const string OutputName = "Y";

    /// <summary>W, row-major [3, 2].</summary>
    public static readonly float[] Weight = [0.5f, -1.25f, 2f, 0.75f, -0.125f, 3f];

    /// <summary>B, [2].</summary>
    public static readonly float[] Bias = [0.25f, -2f];

    private const string Script = """
        import sys
        import onnx
        from onnx import helper, TensorProto
        weight = [float(v) for v in sys.argv[2].split(',')]
        bias = [float(v) for v in sys.argv[3].split(',')]
        graph = helper.make_graph(
            [helper.make_node('MatMul', ['X', 'W'], ['XW']), helper.make_node('Add', ['XW', 'B'], ['Y'])],
            'linear',
            [helper.make_tensor_value_info('X', TensorProto.FLOAT, ['batch', 3])],
            [helper.make_tensor_value_info('Y', TensorProto.FLOAT, ['batch', 2])],
            [helper.make_tensor('W', TensorProto.FLOAT, [3, 2], weight), helper.make_tensor('B', TensorProto.FLOAT, [2], bias)])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)], producer_name='pipeline-tests')
        onnx.checker.check_model(model)
        onnx.save(model, sys.argv[1])
        """;

    /// <summary>Writes the model to <paramref name="path"/>; ignores the test when python3-onnx is missing.</summary>
    public static string Write(string path)
    {
        Python.Require("onnx", "python3-onnx");
        Python.Output(Script, path, Join(Weight), Join(Bias));
        return path;
    }

    /// <summary>X·W + B for a row-major [batch, 3] input.</summary>
    public static float[] Compute(float[] x)
    {
        var batch = x.Length / Inputs;
        var y = new float[batch * Outputs];
        for (var n = 0; n < batch; n++)
        for (var j = 0; j < Outputs; j++)
        {
            var sum = Bias[j];
            for (var i = 0; i < Inputs; i++) sum += x[n * Inputs + i] * Weight[i * Outputs + j];
            y[n * Outputs + j] = sum;
        }
        return y;
    }

    private static string Join(float[] values) => string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
