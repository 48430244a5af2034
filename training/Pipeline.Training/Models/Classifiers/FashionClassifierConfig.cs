namespace Pipeline.Models.Classifiers;

/// <summary>
/// The feature network of the project's FID: conv 32 → pool → conv 64 → pool → <see cref="FeatureSize"/>
/// (the penultimate features) → 10 classes.
/// </summary>
public sealed record FashionClassifierConfig
{
    public int FeatureSize { get; init; } = 128;
    public int Classes { get; init; } = 10;
    public double Dropout { get; init; } = 0.3;

    public string ToJson() => ModelJson.Write(this);

    public static FashionClassifierConfig FromJson(string json) => ModelJson.Read<FashionClassifierConfig>(json, "classifier", c => c.Validate());

    public void Validate()
    {
        if (FeatureSize <= 0 || Classes < 2) throw new ArgumentException($"need a positive feature size and at least 2 classes, got {FeatureSize} and {Classes}");
        if (Dropout is < 0 or >= 1) throw new ArgumentException($"dropout must be in [0, 1), got {Dropout}");
    }
}
