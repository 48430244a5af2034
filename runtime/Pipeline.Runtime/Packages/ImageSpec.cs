namespace Pipeline.Runtime.Packages;

/// <summary>The images a package generates.</summary>
public sealed record ImageSpec(int Channels, int Height, int Width, PixelScaling PixelScaling)
{
    /// <summary>Values per image.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int PixelsPerImage => Channels * Height * Width;

    /// <summary>
    /// A generator's or decoder's output pixels, in place, as intensities: [−1, 1] packages' (x + 1)/2, clamped to [0, 1]
    /// (ONNX Runtime's vectorized tanh overshoots ±1 by an ulp); other scalings are left as the network gives them.
    /// </summary>
    internal void ToIntensities(Span<float> pixels)
    {
        if (PixelScaling != PixelScaling.MinusOneOne) return;
        for (var i = 0; i < pixels.Length; i++) pixels[i] = Math.Clamp((pixels[i] + 1) / 2, 0f, 1f);
    }
}
