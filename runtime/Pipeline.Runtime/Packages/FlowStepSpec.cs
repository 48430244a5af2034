using System.Text.Json.Serialization;

namespace Pipeline.Runtime.Packages;

/// <summary>
/// One step of a flow's path x → z: its kind and the shape [C, H, W] it receives; a coupling names its mask, parity and
/// conditioner network; an act-norm carries its per-channel bias and log-scale.
/// </summary>
public sealed record FlowStepSpec
{
    /// <summary>What the step does.</summary>
    public required FlowStepKind Kind { get; init; }

    /// <summary>The shape [C, H, W] the step receives.</summary>
    public required long[] Shape { get; init; }

    /// <summary>A coupling's mask.</summary>
    public CouplingMask? Mask { get; init; }

    /// <summary>A coupling's mask parity (0 or 1).</summary>
    public int? Parity { get; init; }

    /// <summary>The role of a coupling's conditioner network: input "x" (b ⊙ x), outputs "log_scale" and "shift", each [N, C, H, W].</summary>
    public string? Network { get; init; }

    /// <summary>An act-norm's bias, one value per channel.</summary>
    public float[]? Bias { get; init; }

    /// <summary>An act-norm's log-scale, one value per channel.</summary>
    public float[]? LogScale { get; init; }

    /// <summary>C·H·W: the values per item the step receives.</summary>
    [JsonIgnore]
    public int Size => (int)(Shape[0] * Shape[1] * Shape[2]);

    /// <summary>The shape the step gives.</summary>
    [JsonIgnore]
    public long[] OutputShape => Kind switch
    {
        FlowStepKind.Squeeze => [Shape[0] * 4, Shape[1] / 2, Shape[2] / 2],
        FlowStepKind.Split => [Shape[0] / 2, Shape[1], Shape[2]],
        _ => Shape,
    };

    /// <summary>A coupling's mask b, [C, H, W] row-major.</summary>
    public float[] MaskValues()
    {
        var (channels, height, width) = ((int)Shape[0], (int)Shape[1], (int)Shape[2]);
        var values = new float[Size];
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
