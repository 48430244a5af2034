namespace Pipeline.Runtime.Packages;

/// <summary>The "step" network an autoregressive package carries for fast decoding (manifest "incremental").</summary>
public enum IncrementalDecoding
{
    /// <summary>None: every position runs the whole "logits" network.</summary>
    None,

    /// <summary>
    /// NADE's recursion, O(H) per position: inputs "state" [N, H] and "step" [N, 3] = (previous position, its value,
    /// position) → "logits" [N, K] and "next_state" [N, H]; the first step passes a zero state and value.
    /// </summary>
    Nade,

    /// <summary>
    /// A PixelCNN's incremental form: input "patches" [N, Σ C·k·k], the k×k neighbourhood of each cached layer around the
    /// position (see <see cref="AutoregressiveSpec.CachedLayers"/>), → "logits" [N, K] and "centres" [N, Σ C of the layers
    /// after the first]: those layers' inputs at the position, for the caches. Raster order only.
    /// </summary>
    PixelCnn,
}
