namespace Pipeline.Export;

/// <summary>What the manifest's "autoregressive" section says about an autoregressive model.</summary>
public interface IAutoregressiveExport
{
    /// <summary>K: the values each position takes (2 for binarized pixels, 256 for 8-bit pixels).</summary>
    int Categories { get; }

    /// <summary>The grid of positions [C, H, W].</summary>
    long[] GridShape { get; }

    /// <summary>The variable order: Order[k] is the flat position generated k-th.</summary>
    IReadOnlyList<int> Order { get; }

    /// <summary>Which step network the package carries.</summary>
    IncrementalForm Incremental { get; }

    /// <summary>Whether the networks read the values one-hot (the first cached layer then has K channels), not as x / (K − 1).</summary>
    bool OneHotInput { get; }

    /// <summary>NADE: the size H of the state s.</summary>
    int StateSize { get; }

    /// <summary>M: the masks of an ensemble (MADE) whose "ensemble" network gives the mixture's log-likelihood; 1 otherwise.</summary>
    int Masks { get; }

    /// <summary>PixelCNN: the masked convolutions whose inputs the runtime caches, in the order the step network reads them.</summary>
    IReadOnlyList<CachedLayer> CachedLayers { get; }
}
