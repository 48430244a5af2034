namespace Pipeline.Models.Autoregressive;

/// <summary>Hyper-parameters of <see cref="Fvsbn"/>: only the image size (one logistic regression per pixel).</summary>
public sealed record FvsbnConfig
{
    /// <summary>Side of the square one-channel images.</summary>
    public int ImageSize { get; init; } = 28;

    public string ToJson() => ModelJson.Write(this);

    public static FvsbnConfig FromJson(string json) => ModelJson.Read<FvsbnConfig>(json, "FVSBN", c => c.Validate());

    public void Validate()
    {
        if (ImageSize <= 1) throw new ArgumentException($"the image side must be at least 2, got {ImageSize}");
    }
}
