namespace Pipeline.Runtime.Packages;

/// <summary>The images a package generates.</summary>
public sealed record ImageSpec(int Channels, int Height, int Width, PixelScaling PixelScaling)
{
    /// <summary>Values per image.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int PixelsPerImage => Channels * Height * Width;
}
