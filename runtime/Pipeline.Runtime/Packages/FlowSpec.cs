using System.Text.Json.Serialization;

namespace Pipeline.Runtime.Packages;

/// <summary>
/// The "flow" section of a normalizing-flow package: the data's shape and kind, the logit transform's α (images), and the
/// steps of the path x → z in order. z ~ N(0, I) of <see cref="Dimensions"/> values holds the parts each split factors
/// out, in order, then what leaves the last step.
/// </summary>
public sealed record FlowSpec
{
    /// <summary>Images or points.</summary>
    public required FlowInput Input { get; init; }

    /// <summary>The data's shape [C, H, W] (the package's image shape).</summary>
    public required long[] Shape { get; init; }

    /// <summary>α of y = logit(α + (1 − 2α)x), for images.</summary>
    public double LogitAlpha { get; init; }

    /// <summary>The path x → z, in order.</summary>
    public required IReadOnlyList<FlowStepSpec> Steps { get; init; }

    /// <summary>D: values per datum, and of z.</summary>
    [JsonIgnore]
    public int Dimensions => (int)(Shape[0] * Shape[1] * Shape[2]);
}
