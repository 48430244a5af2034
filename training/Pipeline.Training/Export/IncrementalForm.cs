namespace Pipeline.Export;

/// <summary>
/// The incremental "step" network an autoregressive package may carry beside its full "logits" network (the runtime's
/// IncrementalDecoding has the same members, mapped by name).
/// </summary>
public enum IncrementalForm
{
    /// <summary>No step network: each position runs the whole network (FVSBN, MADE).</summary>
    None,

    /// <summary>NADE's recursion: state s [N, H] and (previous position, previous value, position) → logits, next state.</summary>
    Nade,

    /// <summary>
    /// A PixelCNN whose masked convolutions see only cached neighbourhoods: patches → logits and the new pixel's layer
    /// inputs, the patches holding each neighbourhood's causal entries channel-last, [N, Σ R·C] (<see cref="CachedLayer.PatchSize"/>).
    /// Exported before <see cref="RowPixelCnn"/>; `export --upgrade` turns such packages into it.
    /// </summary>
    CausalPixelCnn,

    /// <summary>
    /// A PixelCNN split in two networks that read the runtime's caches in place (<see cref="Pipeline.Onnx.RowPixelCnnContract"/>): "rows",
    /// run once per image row, gives each masked convolution's part from the rows above for every pixel of the row; "step",
    /// run per pixel, adds the pixels left of it and its centre, and returns the logits and the pixel's layer inputs.
    /// </summary>
    RowPixelCnn,
}
