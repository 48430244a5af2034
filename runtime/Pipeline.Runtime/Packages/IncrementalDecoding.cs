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
    /// position (see <see cref="AutoregressiveSpec.CachedLayers"/>), channel-major and zero from the position on,
    /// → "logits" [N, K] and "centres" [N, Σ C of the layers after the first]: those layers' inputs at the position, for
    /// the caches. Raster order only. Packages exported before <see cref="CausalPixelCnn"/>; `tools/pipeline export
    /// --package P --upgrade` turns them into <see cref="RowPixelCnn"/>.
    /// </summary>
    PixelCnn,

    /// <summary>
    /// <see cref="PixelCnn"/> whose "patches" [N, Σ R·C] hold only each neighbourhood's causal entries, the k/2 rows above
    /// the position and the k/2 positions left of it (R = k/2·k + k/2 in raster order, <see cref="CachedLayerSpec.CausalNeighbours"/>),
    /// each with its C channels: the order of the runtime's channel-last caches, so the step copies contiguous runs.
    /// Packages exported before <see cref="RowPixelCnn"/>; `tools/pipeline export --package P --upgrade` turns them into it.
    /// </summary>
    CausalPixelCnn,

    /// <summary>
    /// A PixelCNN in two networks that read the runtime's caches in place (<see cref="Pipeline.Onnx.RowPixelCnnContract"/>): "rows", run
    /// once per image row on every pixel of it, gives each masked convolution's part from the rows above; "step", run per
    /// pixel, adds the pixels left of it and its centre, and gives the logits and the pixel's inputs of the layers after
    /// the first. Raster order only.
    /// </summary>
    RowPixelCnn,
}
