namespace Pipeline.Models.Autoregressive;

/// <summary>Hyper-parameters of <see cref="Nade"/>.</summary>
public sealed record NadeConfig
{
    /// <summary>Side of the square one-channel images.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>H: the hidden units shared by every conditional (500 in Larochelle and Murray 2011).</summary>
    public int HiddenSize { get; init; } = 500;

    public string ToJson() => ModelJson.Write(this);

    public static NadeConfig FromJson(string json) => ModelJson.Read<NadeConfig>(json, "NADE", c => c.Validate());

    public void Validate()
    {
        if (ImageSize <= 1 || HiddenSize <= 0)
            throw new ArgumentException($"NADE needs an image side of at least 2 and a positive hidden size (image {ImageSize}, hidden {HiddenSize})");
    }
}
