using System.Text.Json.Serialization;

namespace Pipeline.Runtime.Packages;

/// <summary>
/// The "vector_quantizer" section of a VQ-VAE package: a codebook of <see cref="Codes"/> vectors of <see cref="Dimension"/>
/// values, and the grid of codes [h, w] the "encoder" gives (as z_e [N, D, h, w]) and the "decoder" takes (z_q, same shape).
/// The package's "autoregressive" section describes the prior over the grid of code indices.
/// </summary>
public sealed record VectorQuantizerSpec
{
    /// <summary>K: the entries of the codebook.</summary>
    public required int Codes { get; init; }

    /// <summary>D: the size of each code vector.</summary>
    public required int Dimension { get; init; }

    /// <summary>The grid of codes [h, w].</summary>
    public required long[] GridShape { get; init; }

    /// <summary>The codebook e, row-major [K, D].</summary>
    public required float[] Codebook { get; init; }

    /// <summary>h·w: the codes of one image.</summary>
    [JsonIgnore]
    public int Positions => (int)(GridShape[0] * GridShape[1]);

    /// <summary>The decoder's input shape [−1, D, h, w].</summary>
    [JsonIgnore]
    public long[] LatentShape => [-1, Dimension, GridShape[0], GridShape[1]];
}
