using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Upsampling of [N, C, H, W] by an integer factor.</summary>
public sealed class Upsample : Module<Tensor, Tensor>, IOnnxExportable
{
    public Upsample(int scaleFactor = 2, UpsampleMode mode = UpsampleMode.Nearest)
    {
        ScaleFactor = scaleFactor;
        Mode = mode;
    }

    public int ScaleFactor { get; }
    public UpsampleMode Mode { get; }

    public override Tensor Forward(Tensor input) => Functional.Upsample(input, ScaleFactor, Mode);

    /// <summary>Resize with PyTorch's coordinate conventions (nearest: asymmetric/floor; bilinear: pytorch_half_pixel).</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var shape = graph.ShapeOf(input);
        var output = new[] { shape[0], shape[1], shape[2] * ScaleFactor, shape[3] * ScaleFactor };
        var scales = graph.Constant("scales", new float[] { 1, 1, ScaleFactor, ScaleFactor }, 4);
        var attributes = Mode == UpsampleMode.Nearest
            ? new[] { OnnxAttribute.String("mode", "nearest"), OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"), OnnxAttribute.String("nearest_mode", "floor") }
            : new[] { OnnxAttribute.String("mode", "linear"), OnnxAttribute.String("coordinate_transformation_mode", "pytorch_half_pixel") };
        return graph.Node("Resize", new[] { input, "", scales }, output, attributes: attributes);
    }
}
