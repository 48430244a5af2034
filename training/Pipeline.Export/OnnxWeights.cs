using Pipeline.Export.Precision;
using Pipeline.Onnx.Proto;
using TorchSharp;

namespace Pipeline.Export;

/// <summary>
/// A module's weights read back from an ONNX graph this exporter wrote, where every parameter is the initializer named by
/// its state-dict name (<see cref="OnnxGraphBuilder.Parameter(torch.Tensor)"/>): a package can then be exported again with
/// newer rules without the checkpoint it came from.
/// </summary>
public static class OnnxWeights
{
    /// <summary>Copies the initializer of each of <paramref name="module"/>'s parameters into it, and of each buffer the graph holds.</summary>
    /// <param name="module">The module to load, built with the sizes the graph was exported with.</param>
    /// <param name="model">The graph.</param>
    /// <param name="source">The graph's file, for the messages.</param>
    /// <exception cref="InvalidDataException">A parameter has no float32 initializer of its name and shape.</exception>
    public static void Load(torch.nn.Module module, ModelProto model, string source)
    {
        var initializers = model.Graph.Initializer.ToDictionary(i => i.Name);
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (!initializers.TryGetValue(name, out var initializer))
                throw new InvalidDataException($"{source} has no initializer '{name}' for the {module.GetType().Name} this package describes: it was not written by this exporter, or the manifest and the network disagree; export it again from its checkpoint");
            if (!initializer.Dims.SequenceEqual(parameter.shape))
                throw new InvalidDataException($"{source}: initializer '{name}' is [{string.Join(", ", initializer.Dims)}] where the model needs [{string.Join(", ", parameter.shape)}]; export it again from its checkpoint");
            using var values = torch.tensor(OnnxGraphEdits.Floats(initializer), parameter.shape);
            parameter.copy_(values);
        }
        // Buffers the graph holds under their state-dict names too (BatchNorm's running statistics); the others are
        // rebuilt from the configuration (PixelCNN's masks, which are not exported).
        foreach (var (name, buffer) in module.named_buffers())
        {
            if (!initializers.TryGetValue(name, out var initializer) || initializer.DataType != (int)TensorProto.Types.DataType.Float
                || !initializer.Dims.SequenceEqual(buffer.shape) || buffer.dtype != torch.float32) continue;
            using var values = torch.tensor(OnnxGraphEdits.Floats(initializer), buffer.shape);
            buffer.copy_(values);
        }
    }
}
