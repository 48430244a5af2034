namespace Pipeline.Models.Diffusion;

/// <summary>A DDPM: the U-Net, the linear β schedule (T = 1000, 1e-4 → 0.02) and the conditioning options.</summary>
public sealed record DdpmConfig
{
    public UNetConfig UNet { get; init; } = new();
    public int Timesteps { get; init; } = 1000;
    public double BetaStart { get; init; } = 1e-4;
    public double BetaEnd { get; init; } = 0.02;
    /// <summary>Probability of replacing a label by the null (all-zero) label in training, for classifier-free guidance.</summary>
    public double LabelDropout { get; init; } = 0.1;
    /// <summary>Default guidance weight w of the exported conditional model.</summary>
    public double GuidanceScale { get; init; } = 3.0;

    public string ToJson() => ModelJson.Write(this);

    public static DdpmConfig FromJson(string json) => ModelJson.Read<DdpmConfig>(json, "DDPM", c => c.Validate());

    public void Validate()
    {
        UNet.Validate();
        if (Timesteps < 2) throw new ArgumentException($"T must be at least 2, got {Timesteps}");
        if (LabelDropout is < 0 or >= 1) throw new ArgumentException($"label dropout must be in [0, 1), got {LabelDropout}");
        if (GuidanceScale < 0) throw new ArgumentException($"the guidance scale cannot be negative, got {GuidanceScale}");
    }
}
