using Pipeline.Onnx;
using Pipeline.Onnx.Proto;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Export;

namespace Pipeline.Tools.Tests.Support;

/// <summary>
/// A PixelCNN package as versions before <see cref="IncrementalDecoding.CausalPixelCnn"/> exported it: its step network
/// reads channel-first patches [N, Σ C·k·k]. Made from a causal package by a Gather in front of its step network that
/// picks the causal entries, so both compute the same logits, bit for bit.
/// </summary>
internal static class ChannelFirstPixelCnn
{
    private const string Step = "step", Patches = "patches";

    public static string Write(string causalPackage, string directory)
    {
        var manifest = PackageReader.Read(SmallPackages.Copy(causalPackage, directory));
        var spec = manifest.Autoregressive!;
        var layers = spec.CachedLayers!;
        // The causal patch's entry [r, j, c] of each layer is the channel-first patch's [c, r, j].
        var indices = PackageUpgrade.ChannelFirstIndices(layers);
        var width = layers.Sum(l => l.PatchSize(IncrementalDecoding.PixelCnn));
        var step = manifest.Networks[Step];
        var path = Path.Combine(directory, step.File);
        var model = OnnxModelFile.Read(path);
        foreach (var node in model.Graph.Node)
            for (var i = 0; i < node.Input.Count; i++) if (node.Input[i] == Patches) node.Input[i] = "causal_patches";
        var gather = new NodeProto { OpType = "Gather", Name = "causal_entries" };
        gather.Input.AddRange([Patches, "causal_indices"]);
        gather.Output.Add("causal_patches");
        gather.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        model.Graph.Node.Insert(0, gather);
        var table = new TensorProto { Name = "causal_indices", DataType = (int)TensorProto.Types.DataType.Int64 };
        table.Dims.Add(indices.Length);
        table.Int64Data.AddRange(indices.Select(i => (long)i));
        model.Graph.Initializer.Add(table);
        model.Graph.Input.Single(i => i.Name == Patches).Type.TensorType.Shape.Dim[1].DimValue = width;
        OnnxModelFile.Write(model, path);
        var inputs = step.Inputs.Select(i => i.Name == Patches ? new TensorSpec(i.Name, [-1, width]) : i).ToList();
        var networks = new Dictionary<string, NetworkManifest>(manifest.Networks) { [Step] = step with { Inputs = inputs } };
        SmallPackages.WriteSealed(directory, manifest with { Networks = networks, Autoregressive = spec with { Incremental = IncrementalDecoding.PixelCnn } });
        return directory;
    }
}
