namespace Pipeline.Data;

/// <summary>How <see cref="PixelTransforms"/> turns 0..255 pixel bytes into float inputs.</summary>
public enum PixelTransform
{
    /// <summary>x / 255, in [0, 1].</summary>
    ZeroOne = 0,

    /// <summary>x / 127.5 − 1, in [−1, 1].</summary>
    MinusOneOne = 1,

    /// <summary>Each pixel is a fresh Bernoulli(x / 255) draw: values 0 or 1.</summary>
    DynamicBinarization = 2,

    /// <summary>(x + u) / 256 with u ~ U[0, 1) per pixel: values in [x/256, (x+1)/256).</summary>
    UniformDequantization = 3,
}
