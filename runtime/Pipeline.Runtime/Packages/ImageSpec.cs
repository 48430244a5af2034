namespace Pipeline.Runtime.Packages;

/// <summary>The images a package generates.</summary>
public sealed record ImageSpec(int Channels, int Height, int Width, PixelScaling PixelScaling)
{
    /// <summary>Values per image.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int PixelsPerImage => Channels * Height * Width;

    /// <summary>
    /// Output pixels, in place, as intensities: [−1, 1] packages' (x + 1)/2, clamped to [0, 1] (ONNX Runtime's vectorized
    /// tanh overshoots ±1 by an ulp); other scalings are left as the network gives them unless <paramref name="clampAll"/>
    /// (a diffusion sample, which no output layer bounds).
    /// </summary>
    internal void ToIntensities(Span<float> pixels, bool clampAll = false)
    {
        var minusOneOne = PixelScaling == PixelScaling.MinusOneOne;
        if (!minusOneOne && !clampAll) return;
        for (var i = 0; i < pixels.Length; i++) pixels[i] = Math.Clamp(minusOneOne ? (pixels[i] + 1) / 2 : pixels[i], 0f, 1f);
    }
}
