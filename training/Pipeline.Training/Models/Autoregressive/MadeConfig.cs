namespace Pipeline.Models.Autoregressive;

/// <summary>Hyper-parameters of <see cref="Made"/>.</summary>
public sealed record MadeConfig
{
    /// <summary>Side of the square one-channel images.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Units of each masked hidden layer (ReLU).</summary>
    public int[] HiddenSizes { get; init; } = { 500, 500 };

    /// <summary>Seed of the hidden degrees m(k) (and of the order, when not raster).</summary>
    public int MaskSeed { get; init; } = 0;

    /// <summary>False: the raster order; true: a random order drawn with <see cref="MaskSeed"/>.</summary>
    public bool ShuffledOrder { get; init; }

    /// <summary>
    /// M: the masks of the ensemble (Germain et al. 2015, §4.2): each training step draws one, and the exact likelihood is that
    /// of their mixture, p(x) = (1/M) Σ_m p_m(x). 1: a single mask. The runtime samples with mask 0.
    /// </summary>
    public int Masks { get; init; } = 1;

    /// <summary>Order-agnostic training: every mask after the first also draws its own variable order.</summary>
    public bool OrderAgnostic { get; init; }

    public string ToJson() => ModelJson.Write(this);

    public static MadeConfig FromJson(string json) => ModelJson.Read<MadeConfig>(json, "MADE", c => c.Validate());

    public void Validate()
    {
        if (ImageSize <= 1 || HiddenSizes is null || HiddenSizes.Length == 0 || HiddenSizes.Any(h => h <= 0))
            throw new ArgumentException($"MADE needs an image side of at least 2 and at least one positive hidden size (image {ImageSize}, hidden [{string.Join(", ", HiddenSizes ?? [])}])");
        if (Masks < 1) throw new ArgumentException($"MADE needs at least one mask, got {Masks}: use 1 for a single mask or more for an ensemble");
    }
}
