namespace Pipeline.Models.Flows;

/// <summary>
/// One step of a flow's path from x to z: its kind, the shape [C, H, W] it receives, and for couplings the mask and its
/// parity; <see cref="Module"/> indexes the flow's act-norms or couplings (−1 for squeezes and splits).
/// </summary>
public sealed record FlowStep(FlowStepKind Kind, long[] Shape, CouplingMask Mask = CouplingMask.Checkerboard, int Parity = 0, int Module = -1)
{
    /// <summary>The shape the step gives: squeezes fold 2×2 patches into channels, splits keep the first half of the channels.</summary>
    public long[] OutputShape => Kind switch
    {
        FlowStepKind.Squeeze => [Shape[0] * 4, Shape[1] / 2, Shape[2] / 2],
        FlowStepKind.Split => [Shape[0] / 2, Shape[1], Shape[2]],
        _ => Shape,
    };

    /// <summary>The mask b of a coupling, [C, H, W] row-major (1 = kept and conditioned on).</summary>
    public float[] MaskValues()
    {
        var (channels, height, width) = ((int)Shape[0], (int)Shape[1], (int)Shape[2]);
        var values = new float[channels * height * width];
        for (var c = 0; c < channels; c++)
        for (var h = 0; h < height; h++)
        for (var w = 0; w < width; w++)
        {
            var kept = Mask == CouplingMask.Checkerboard ? (h + w) % 2 == Parity : (c < channels / 2) == (Parity == 0);
            values[(c * height + h) * width + w] = kept ? 1 : 0;
        }
        return values;
    }
}
