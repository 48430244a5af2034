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

    public string ToJson() => ModelJson.Write(this);

    public static MadeConfig FromJson(string json) => ModelJson.Read<MadeConfig>(json, "MADE", c => c.Validate());

    public void Validate()
    {
        if (ImageSize <= 1 || HiddenSizes is null || HiddenSizes.Length == 0 || HiddenSizes.Any(h => h <= 0))
            throw new ArgumentException($"MADE needs an image side of at least 2 and at least one positive hidden size (image {ImageSize}, hidden [{string.Join(", ", HiddenSizes ?? [])}])");
    }
}
