using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Group normalization: channels split into <see cref="Groups"/> groups, each normalized per sample.</summary>
public sealed class GroupNorm : Module<Tensor, Tensor>, IOnnxExportable
{
    public GroupNorm(long groups, long channels, double eps = 1e-5, bool affine = true)
    {
        if (channels % groups != 0) throw new ArgumentException($"{channels} channels cannot be split into {groups} groups");
        Groups = groups;
        Channels = channels;
        Eps = eps;
        Weight = affine ? RegisterParameter("weight", Torch.Ones(new[] { channels })) : null;
        Bias = affine ? RegisterParameter("bias", Torch.Zeros(new[] { channels })) : null;
    }

    public long Groups { get; }
    public long Channels { get; }
    public double Eps { get; }
    public Tensor? Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.GroupNorm(input, Groups, Weight, Bias, Eps);

    /// <summary>Opset 17 has no GroupNormalization: reshape to [N, G, −1], InstanceNormalization, reshape back, then the per-channel affine.</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var shape = graph.ShapeOf(input);
        var grouped = graph.Node("Reshape", new[] { input, graph.Constant("group_shape", 0, Groups, -1) }, new[] { shape[0], Groups, -1L });
        var unit = Enumerable.Repeat(1f, (int)Groups).ToArray();
        var normalized = graph.Node("InstanceNormalization",
            new[] { grouped, graph.Constant("group_scale", unit, Groups), graph.Constant("group_bias", new float[Groups], Groups) },
            graph.ShapeOf(grouped), attributes: OnnxAttribute.Float("epsilon", Eps));
        var restored = graph.Node("Reshape", new[] { normalized, graph.Constant("shape", shape.Select((d, i) => i == 0 ? 0 : d).ToArray()) }, shape);
        if (Weight is null || Bias is null) return restored;
        var affineShape = new[] { Channels }.Concat(Enumerable.Repeat(1L, shape.Length - 2)).ToArray();
        using var weight = Weight.Reshape(affineShape);
        using var bias = Bias.Reshape(affineShape);
        return graph.Binary("Add", graph.Binary("Mul", restored, graph.Parameter("weight", weight)), graph.Parameter("bias", bias));
    }
}
