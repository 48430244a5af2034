using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// Inpainting with RePaint's scheme (Lugmayr et al. 2022): after every reverse step the known pixels are replaced
/// by the known image noised to the new timestep, x_prev^known = √ᾱ_prev·x₀ + √(1 − ᾱ_prev)·ε (their eq. 8), and with
/// resampling the merged sample is noised back one jump, x_t = √(ᾱ_t/ᾱ_prev)·x_prev + √(1 − ᾱ_t/ᾱ_prev)·ε, and
/// denoised again. Buffers are allocated once per sampler and reused.
/// </summary>
internal sealed class KnownRegion
{
    private readonly float[] x0;          // the known images in the network's pixel scale, [N, D]
    private readonly float[] intensities; // the same in [0, 1] as given, pasted into the result
    private readonly bool[] mask;         // true = known, [N, D]
    private readonly float[] noise;       // one item's ε, [D]
    private readonly int itemSize;

    public KnownRegion(int count, int itemSize)
    {
        this.itemSize = itemSize;
        x0 = new float[count * itemSize];
        intensities = new float[count * itemSize];
        mask = new bool[count * itemSize];
        noise = new float[itemSize];
    }

    /// <summary>Reverse steps per timestep (1: no resampling).</summary>
    public int Resampling { get; private set; } = 1;

    /// <summary>Sets the known images (intensities in [0, 1]) and the mask (one per value, or one image's shared by all).</summary>
    public void Set(ReadOnlySpan<float> images, ReadOnlySpan<bool> knownMask, bool minusOneOne, int resampling)
    {
        images.CopyTo(intensities);
        for (var i = 0; i < x0.Length; i++) x0[i] = minusOneOne ? 2 * images[i] - 1 : images[i];
        if (knownMask.Length == mask.Length) knownMask.CopyTo(mask);
        else for (var start = 0; start < mask.Length; start += itemSize) knownMask.CopyTo(mask.AsSpan(start, itemSize));
        Resampling = resampling;
    }

    /// <summary>Replaces the known values of <paramref name="sample"/> (at timestep prev) by the forward-noised known image.</summary>
    public void Merge(Span<float> sample, double alphaCumprodPrev, SeededRandom[] randoms)
    {
        var signal = Math.Sqrt(alphaCumprodPrev);
        var noiseScale = Math.Sqrt(1 - alphaCumprodPrev);
        for (var n = 0; n < randoms.Length; n++)
        {
            if (noiseScale > 0) randoms[n].FillNormal(noise);
            for (var j = 0; j < itemSize; j++)
            {
                var i = n * itemSize + j;
                if (!mask[i]) continue;
                sample[i] = noiseScale > 0 ? (float)(signal * x0[i] + noiseScale * noise[j]) : x0[i];
            }
        }
    }

    /// <summary>RePaint's resampling jump: noises the whole sample from ᾱ_prev back to ᾱ_t.</summary>
    public void Renoise(Span<float> sample, double alphaCumprod, double alphaCumprodPrev, SeededRandom[] randoms)
    {
        var alpha = alphaCumprod / alphaCumprodPrev;
        var signal = Math.Sqrt(alpha);
        var noiseScale = Math.Sqrt(1 - alpha);
        for (var n = 0; n < randoms.Length; n++)
        {
            randoms[n].FillNormal(noise);
            for (var j = 0; j < itemSize; j++)
            {
                var i = n * itemSize + j;
                sample[i] = (float)(signal * sample[i] + noiseScale * noise[j]);
            }
        }
    }

    /// <summary>Copies the given known intensities into <paramref name="pixels"/> (the result), exactly.</summary>
    public void Paste(Span<float> pixels)
    {
        for (var i = 0; i < pixels.Length; i++)
            if (mask[i]) pixels[i] = intensities[i];
    }
}
