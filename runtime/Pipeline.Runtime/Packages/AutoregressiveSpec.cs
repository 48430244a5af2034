using System.Text.Json.Serialization;

namespace Pipeline.Runtime.Packages;

/// <summary>
/// The "autoregressive" section of a manifest: p(x) = ∏ₖ p(x_{order[k]} | earlier ones) over a grid of positions, each a
/// categorical over <see cref="Categories"/> values. The "logits" network maps values (as floats, [N, ...grid]) and
/// optionally a one-hot "label" to "logits" [N, D, K] (position in raster order); a "step" network may compute one position.
/// </summary>
public sealed record AutoregressiveSpec
{
    /// <summary>K: the values of each position (2 for binarized pixels, 256 for 8-bit pixels, a codebook's size).</summary>
    public required int Categories { get; init; }

    /// <summary>The grid of positions [C, H, W].</summary>
    public required long[] GridShape { get; init; }

    /// <summary>The variable order (order[k] = the flat position generated k-th); absent: raster order.</summary>
    public int[]? Order { get; init; }

    /// <summary>Which step network the package carries (none: every position runs the whole network).</summary>
    public IncrementalDecoding Incremental { get; init; } = IncrementalDecoding.None;

    /// <summary>
    /// M: a mask ensemble's size (MADE). With M &gt; 1 an "ensemble" network (image → "log_likelihood" [N]) gives the
    /// mixture's log p(x) = log (1/M) Σ_m p_m(x); the "logits" network and sampling use mask 0.
    /// </summary>
    public int Masks { get; init; } = 1;

    /// <summary>
    /// The networks read the values one-hot (unordered categories, such as a VQ-VAE's codes): the step network's first
    /// cached layer then has K channels per grid channel, 1 at the drawn value.
    /// </summary>
    public bool OneHotInput { get; init; }

    /// <summary>NADE: the size H of the step network's state.</summary>
    public int StateSize { get; init; }

    /// <summary>PixelCNN: the cached layers, in the order of the step network's patches (the first is the grid itself, or its one-hot form).</summary>
    public IReadOnlyList<CachedLayerSpec>? CachedLayers { get; init; }

    /// <summary>D: the number of positions.</summary>
    [JsonIgnore]
    public int Positions => (int)GridShape.Aggregate(1L, (a, d) => a * d);
}
