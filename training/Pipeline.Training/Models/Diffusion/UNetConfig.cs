using System.Text.Json.Serialization;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// Hyper-parameters of the DDPM U-Net ε_θ(z_t, t) for 28×28 images: three resolutions 28 → 14 → 7
/// with <see cref="BaseChannels"/>·(1, 2, 2) channels, self-attention at 7×7, and an optional class
/// input for classifier-free guidance (label dropout to the all-zero "null" label).
/// </summary>
public sealed record UNetConfig
{
    public int ImageChannels { get; init; } = 1;
    public int ImageSize { get; init; } = 28;
    public int BaseChannels { get; init; } = 32;
    public int Groups { get; init; } = 8;
    public double Dropout { get; init; } = 0.1;
    /// <summary>Number of classes of a class-conditional model; 0 for an unconditional one.</summary>
    public int Classes { get; init; }

    [JsonIgnore]
    public int TimeDim => 4 * BaseChannels;

    /// <summary>A U-Net of <paramref name="baseChannels"/> base channels with the group count `train ddpm` uses: min(8, channels / 4), at least 1.</summary>
    public static UNetConfig WithBaseChannels(int baseChannels) =>
        new() { BaseChannels = baseChannels, Groups = Math.Max(1, Math.Min(8, baseChannels / 4)) };

    public string ToJson() => ModelJson.Write(this);

    public static UNetConfig FromJson(string json) => ModelJson.Read<UNetConfig>(json, "U-Net", c => c.Validate());

    public void Validate()
    {
        if (ImageSize % 4 != 0) throw new ArgumentException($"the image size must be divisible by 4 (two halvings), got {ImageSize}");
        if (BaseChannels <= 0 || BaseChannels % Groups != 0) throw new ArgumentException($"base channels ({BaseChannels}) must be a positive multiple of the group count ({Groups})");
        if (Dropout is < 0 or >= 1) throw new ArgumentException($"dropout must be in [0, 1), got {Dropout}");
        if (Classes < 0) throw new ArgumentException($"the class count cannot be negative, got {Classes}");
    }
}
