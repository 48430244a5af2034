namespace Pipeline.Models.Autoencoders;

/// <summary>
/// Hyper-parameters of <see cref="MlpAutoencoder"/> (and the fully connected network of the regularized
/// autoencoders). The default is the toy autoencoder of seed 000: 784-128-64-12-2 and back, ReLU between
/// layers, no activation on the code.
/// </summary>
public sealed record MlpAutoencoderConfig
{
    public int InputSize { get; init; } = 28 * 28;

    public int[] HiddenSizes { get; init; } = { 128, 64, 12 };

    public int LatentSize { get; init; } = 2;

    public OutputActivation Output { get; init; } = OutputActivation.None;

    public string ToJson() => ModelJson.Write(this);

    /// <summary>Reads a configuration saved by <see cref="ToJson"/>; fails with the reason on bad input.</summary>
    public static MlpAutoencoderConfig FromJson(string json) => ModelJson.Read<MlpAutoencoderConfig>(json, "autoencoder", c => c.Validate());

    public void Validate()
    {
        if (InputSize <= 0 || LatentSize <= 0 || HiddenSizes is null || HiddenSizes.Any(h => h <= 0))
            throw new ArgumentException($"layer sizes must be positive (input {InputSize}, hidden [{string.Join(", ", HiddenSizes ?? [])}], latent {LatentSize})");
        if (!Enum.IsDefined(Output))
            throw new ArgumentException($"unknown output activation {Output}: use one of {string.Join(", ", Enum.GetNames<OutputActivation>())}");
    }
}
