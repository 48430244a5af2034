namespace Pipeline.Export;

/// <summary>One masked convolution of an incremental PixelCNN: the runtime caches its input (channels) and feeds it the causal part of each k×k neighbourhood.</summary>
public sealed record CachedLayer(int Channels, int Kernel)
{
    /// <summary>
    /// R: the neighbours of a pixel that can be non-zero when it is generated, the k/2 rows above it and the k/2 pixels
    /// left of it, in raster order (the first R of the k×k neighbourhood's).
    /// </summary>
    public int CausalNeighbours => CausalNeighboursOf(Kernel);

    /// <summary>R for a k×k kernel: k/2·k + k/2.</summary>
    public static int CausalNeighboursOf(int kernel) => kernel / 2 * kernel + kernel / 2;

    /// <summary>The floats of this layer's part of the step's patches: R·C, channel-last.</summary>
    public int PatchSize => CausalNeighbours * Channels;
}
