using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Group normalization: channels split into <see cref="Groups"/> groups, each normalized per sample.</summary>
public sealed class GroupNorm : Module<Tensor, Tensor>
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
}
