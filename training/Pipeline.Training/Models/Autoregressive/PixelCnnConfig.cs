namespace Pipeline.Models.Autoregressive;

/// <summary>Hyper-parameters of <see cref="PixelCnn"/>.</summary>
public sealed record PixelCnnConfig
{
    /// <summary>Side of the square one-channel images.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>2h: the width of the residual stream (the blocks' 3×3 convolutions have h channels).</summary>
    public int Channels { get; init; } = 64;

    /// <summary>Residual blocks after the 7×7 type-A convolution.</summary>
    public int Blocks { get; init; } = 6;

    /// <summary>Kernel of the first (type A) convolution.</summary>
    public int FirstKernel { get; init; } = 7;

    /// <summary>Kernel of the blocks' type-B convolutions.</summary>
    public int Kernel { get; init; } = 3;

    /// <summary>Width of the 1×1 output layers.</summary>
    public int OutputChannels { get; init; } = 64;

    /// <summary>K: 2 (binarized pixels, Bernoulli) or 256 (8-bit pixels, the seed's 256-way softmax).</summary>
    public int Categories { get; init; } = 2;

    /// <summary>Classes of a class-conditional model (a learned bias per class in every block), 0 for none.</summary>
    public int Classes { get; init; }

    /// <summary>
    /// Feed the values one-hot (K input channels) instead of as one intensity x / (K − 1): for categories without an
    /// order, such as the code indices of a VQ-VAE.
    /// </summary>
    public bool OneHotInput { get; init; }

    public string ToJson() => ModelJson.Write(this);

    public static PixelCnnConfig FromJson(string json) => ModelJson.Read<PixelCnnConfig>(json, "PixelCNN", c => c.Validate());

    public void Validate()
    {
        if (ImageSize <= 1 || Channels < 2 || Channels % 2 != 0 || Blocks < 1 || OutputChannels <= 0)
            throw new ArgumentException($"PixelCNN needs an image side of at least 2, an even channel count of at least 2, at least one block and positive output channels (image {ImageSize}, channels {Channels}, blocks {Blocks}, output {OutputChannels})");
        if (FirstKernel < 3 || FirstKernel % 2 == 0 || Kernel < 3 || Kernel % 2 == 0)
            throw new ArgumentException($"PixelCNN's kernels must be odd and at least 3, so each masked convolution sees the row above (first {FirstKernel}, blocks {Kernel})");
        if (Categories < 2) throw new ArgumentException($"each pixel needs at least 2 values (categories {Categories}): use 2 for binarized pixels or 256 for 8-bit ones");
        if (Classes < 0) throw new ArgumentException($"the class count cannot be negative ({Classes}): use 0 for an unconditional model");
    }
}
