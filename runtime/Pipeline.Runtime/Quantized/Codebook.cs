using Pipeline.Runtime.Packages;

namespace Pipeline.Runtime.Quantized;

/// <summary>
/// A VQ-VAE's codebook e [K, D] (seed 001 §4): the nearest code of each encoder output, q(z = k | x) = 1 for
/// k = argmin_j ‖z_e(x) − e_j‖₂, and the code vectors z_q = e_k the decoder takes. Grids are [N, D, h, w] (channels first).
/// </summary>
public sealed class Codebook
{
    private readonly float[] vectors;     // [K, D]

    /// <summary>The codebook of a package's vector_quantizer section.</summary>
    public Codebook(VectorQuantizerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        (Codes, Dimension, Positions) = (spec.Codes, spec.Dimension, spec.Positions);
        vectors = spec.Codebook;
    }

    /// <summary>K.</summary>
    public int Codes { get; }

    /// <summary>D.</summary>
    public int Dimension { get; }

    /// <summary>h·w: the codes of one image.</summary>
    public int Positions { get; }

    /// <summary>e_k, [D].</summary>
    public ReadOnlySpan<float> Vector(int code) => vectors.AsSpan(code * Dimension, Dimension);

    /// <summary>The nearest code of every position of <paramref name="count"/> grids z_e [N, D, h, w]: [N, h·w] (the first of equally near codes).</summary>
    public int[] Nearest(ReadOnlySpan<float> latents, int count)
    {
        CheckLength(latents.Length, count, "latent values");
        var codes = new int[count * Positions];
        Span<double> z = stackalloc double[Dimension];
        for (var n = 0; n < count; n++)
            for (var p = 0; p < Positions; p++)
            {
                for (var d = 0; d < Dimension; d++) z[d] = latents[(n * Dimension + d) * Positions + p];
                var (best, bestDistance) = (0, double.PositiveInfinity);
                for (var k = 0; k < Codes; k++)
                {
                    var distance = 0.0;   // ‖z_e − e_k‖², in double so that near ties resolve as exactly as they can
                    for (var d = 0; d < Dimension; d++)
                    {
                        var difference = z[d] - vectors[k * Dimension + d];
                        distance += difference * difference;
                    }
                    if (distance < bestDistance) (best, bestDistance) = (k, distance);
                }
                // No code is nearer than +∞ only when z_e holds NaN or ±∞: the encoder's output is broken.
                if (!double.IsFinite(bestDistance))
                    throw new PackageException($"the encoder gave image {n} a latent vector that is not all finite numbers at grid position {p}: " +
                        "its weights or the image hold NaN or ∞. Check the input images, or export the package again from a good checkpoint (tools/pipeline export).");
                codes[n * Positions + p] = best;
            }
        return codes;
    }

    /// <summary>z_q = e[codes] for <paramref name="count"/> grids of codes [N, h·w] (as integers or as the sampler's float values), into [N, D, h, w].</summary>
    public void Lookup(ReadOnlySpan<float> codes, int count, Span<float> latents)
    {
        if (codes.Length != count * Positions) throw new ArgumentException($"{count} grids need {count * Positions} codes, got {codes.Length}", nameof(codes));
        CheckLength(latents.Length, count, "latent buffer values");
        for (var n = 0; n < count; n++)
            for (var p = 0; p < Positions; p++)
            {
                var code = (int)codes[n * Positions + p];
                if ((uint)code >= (uint)Codes) throw new ArgumentOutOfRangeException(nameof(codes), code, $"codes lie in 0..{Codes - 1}");
                for (var d = 0; d < Dimension; d++) latents[(n * Dimension + d) * Positions + p] = vectors[code * Dimension + d];
            }
    }

    private void CheckLength(int length, int count, string what)
    {
        if (count < 1 || length != count * Dimension * Positions)
            throw new ArgumentException($"{count} grids of {Dimension}×{Positions} need {count * Dimension * Positions} {what}, got {length}");
    }
}
