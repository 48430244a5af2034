using TorchSharp;
using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// GroupNorm, in every opset from 17: x [N, C, …] reshaped to [N, G, C/G·…], normalized per group by
/// InstanceNormalization (mean and biased variance of each row, + eps), reshaped back, then · weight + bias per channel.
/// </summary>
internal sealed class GroupNormRule : OnnxExportRule<GroupNorm>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, GroupNorm module, OnnxValue input)
    {
        var groups = module.num_groups;
        var ones = graph.Constant("group_scale", Enumerable.Repeat(1f, (int)groups).ToArray(), groups);
        var zeros = graph.Constant("group_shift", new float[groups], groups);
        var grouped = graph.Node("Reshape", [input.Name, graph.Constant("grouped_shape", 0, groups, -1)], null);
        var normalized = graph.Node("InstanceNormalization", [grouped.Name, ones, zeros], null, OnnxNodeAttribute.Float("epsilon", module.eps));
        var shape = graph.Node("Shape", [input.Name], null);
        var restored = graph.Node("Reshape", [normalized.Name, shape.Name], null);
        if (!module.affine) return restored;

        // weight and bias [C] broadcast over [N, C, spatial…] as [C, 1, …, 1].
        long[] perChannel = [-1, .. Enumerable.Repeat(1L, input.Rank - 2)];
        var channelShape = graph.Constant("channel_shape", perChannel);
        var weight = graph.Node("Reshape", [graph.Parameter("weight"), channelShape], null);
        var scaled = graph.Node("Mul", [restored.Name, weight.Name], null);
        if (module.bias is null) return scaled;
        var shift = graph.Node("Reshape", [graph.Parameter("bias"), channelShape], null);
        return graph.Node("Add", [scaled.Name, shift.Name], null);
    }
}
