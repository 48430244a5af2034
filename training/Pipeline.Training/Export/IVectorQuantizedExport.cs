namespace Pipeline.Export;

/// <summary>What the manifest's "vector_quantizer" section says about a VQ-VAE: its codebook and its grid of codes.</summary>
public interface IVectorQuantizedExport
{
    /// <summary>K: the codebook's entries.</summary>
    int Codes { get; }

    /// <summary>D: the size of a code vector.</summary>
    int Dimension { get; }

    /// <summary>The grid of codes [h, w] the encoder gives and the decoder takes.</summary>
    long[] CodeGrid { get; }

    /// <summary>The prior over the grid of code indices (the manifest's "autoregressive" section).</summary>
    IAutoregressiveExport Prior { get; }

    /// <summary>The codebook e, row-major [K, D].</summary>
    float[] Codebook();
}
