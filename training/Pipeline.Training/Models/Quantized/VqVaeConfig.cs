using System.Text.Json.Serialization;

namespace Pipeline.Models.Quantized;

/// <summary>
/// Hyper-parameters of <see cref="VqVae"/>: stride-2 convolutions (28 → 14 → 7 by default) and residual blocks down to a
/// grid of <see cref="Dimension"/>-vectors z_e(x), a codebook of <see cref="Codes"/> entries, and the mirrored decoder.
/// </summary>
public sealed record VqVaeConfig
{
    /// <summary>Side of the square one-channel images.</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Output channels of each stride-2 conv layer of the encoder (the decoder runs them backwards).</summary>
    public int[] Channels { get; init; } = { 32, 64 };

    /// <summary>Residual blocks at the bottom of the encoder and at the top of the decoder.</summary>
    public int ResidualBlocks { get; init; } = 2;

    /// <summary>D: the size of each code vector.</summary>
    public int Dimension { get; init; } = 16;

    /// <summary>K: the entries of the codebook.</summary>
    public int Codes { get; init; } = 128;

    /// <summary>β of the commitment loss β‖z_e − sg[e]‖² (van den Oord et al. 2017 use 0.25).</summary>
    public double Beta { get; init; } = 0.25;

    /// <summary>Update the codebook as exponential moving averages of its assigned encoder outputs instead of by gradient.</summary>
    public bool Ema { get; init; }

    /// <summary>γ of the EMA updates (of the codebook in EMA mode, of the usage counts always).</summary>
    public double Decay { get; init; } = 0.99;

    /// <summary>Re-initialize codes whose usage has fallen below <see cref="DeadThreshold"/> with encoder outputs of the batch.</summary>
    public bool RestartDeadCodes { get; init; }

    /// <summary>A code is dead when the EMA of its assignments per training step is below this.</summary>
    public double DeadThreshold { get; init; } = 1;

    /// <summary>The side of the code grid: the image side halved once per conv layer.</summary>
    [JsonIgnore]
    public int GridSize => ImageSize >> Channels.Length;

    public string ToJson() => ModelJson.Write(this);

    public static VqVaeConfig FromJson(string json) => ModelJson.Read<VqVaeConfig>(json, "VQ-VAE", c => c.Validate());

    public void Validate()
    {
        Networks.ValidateConv(ImageSize, Channels ?? []);
        if (Dimension <= 0 || Codes < 2) throw new ArgumentException($"the VQ-VAE needs code vectors of positive size and at least 2 codes (dimension {Dimension}, codes {Codes}): pass --dimension 1 or more and --codes 2 or more");
        if (ResidualBlocks < 0) throw new ArgumentException($"the residual block count cannot be negative, got {ResidualBlocks}");
        if (!double.IsFinite(Beta) || Beta < 0) throw new ArgumentException($"the commitment weight β must be a finite number ≥ 0, got {Beta}: the paper uses --beta 0.25");
        if (!(Decay > 0 && Decay < 1)) throw new ArgumentException($"the EMA decay γ must lie in (0, 1), got {Decay}: the paper uses --decay 0.99");
        if (!double.IsFinite(DeadThreshold) || DeadThreshold < 0) throw new ArgumentException($"the dead-code threshold must be a finite number ≥ 0, got {DeadThreshold}");
    }
}
