namespace Pipeline.Models.Autoregressive;

/// <summary>Hyper-parameters of <see cref="GatedPixelCnn"/>.</summary>
public sealed record GatedPixelCnnConfig
{
    /// <summary>Side of the square one-channel images.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>p: the channels of each stack (the gates' convolutions give 2p).</summary>
    public int Channels { get; init; } = 32;

    /// <summary>Gated layers after the first.</summary>
    public int Blocks { get; init; } = 6;

    /// <summary>Kernel of the first layer's stacks.</summary>
    public int FirstKernel { get; init; } = 7;

    /// <summary>Kernel of the later layers' stacks.</summary>
    public int Kernel { get; init; } = 3;

    /// <summary>Width of the 1×1 output layers.</summary>
    public int OutputChannels { get; init; } = 64;

    /// <summary>K: 2 (binarized pixels) or 256 (8-bit pixels).</summary>
    public int Categories { get; init; } = 2;

    /// <summary>Classes of a class-conditional model (the gates' per-class biases V_f^T h, V_g^T h), 0 for none.</summary>
    public int Classes { get; init; }

    public string ToJson() => ModelJson.Write(this);

    public static GatedPixelCnnConfig FromJson(string json) => ModelJson.Read<GatedPixelCnnConfig>(json, "gated PixelCNN", c => c.Validate());

    public void Validate()
    {
        if (ImageSize <= 1 || Channels <= 0 || Blocks < 0 || OutputChannels <= 0)
            throw new ArgumentException($"the gated PixelCNN needs an image side of at least 2, positive channels and no negative block count (image {ImageSize}, channels {Channels}, blocks {Blocks}, output {OutputChannels})");
        if (FirstKernel < 3 || FirstKernel % 2 == 0 || Kernel < 3 || Kernel % 2 == 0)
            throw new ArgumentException($"the gated PixelCNN's kernels must be odd and at least 3 (first {FirstKernel}, later {Kernel})");
        if (Categories < 2) throw new ArgumentException($"each pixel needs at least 2 values (categories {Categories}): use 2 for binarized pixels or 256 for 8-bit ones");
        if (Classes < 0) throw new ArgumentException($"the class count cannot be negative ({Classes}): use 0 for an unconditional model");
    }
}
