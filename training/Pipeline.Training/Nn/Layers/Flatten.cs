using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Flattens dimensions StartDim..EndDim into one: [N, C, H, W] → [N, C·H·W] by default.</summary>
public sealed class Flatten : Module<Tensor, Tensor>
{
    public Flatten(int startDim = 1, int endDim = -1)
    {
        StartDim = startDim;
        EndDim = endDim;
    }

    public int StartDim { get; }
    public int EndDim { get; }

    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);
}
