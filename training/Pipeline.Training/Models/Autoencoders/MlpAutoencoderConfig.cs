using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// Hyper-parameters of <see cref="MlpAutoencoder"/>. The default is the toy autoencoder of
/// seed 000: 784-128-64-12-2 and back, ReLU between layers, no activation on the code.
/// </summary>
public sealed record MlpAutoencoderConfig
{
    public int InputSize { get; init; } = 28 * 28;

    public int[] HiddenSizes { get; init; } = { 128, 64, 12 };

    public int LatentSize { get; init; } = 2;

    public OutputActivation Output { get; init; } = OutputActivation.None;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a configuration saved by <see cref="ToJson"/>; fails with the reason on bad input.</summary>
    public static MlpAutoencoderConfig FromJson(string json)
    {
        var config = JsonSerializer.Deserialize<MlpAutoencoderConfig>(json, Json)
            ?? throw new InvalidDataException("the autoencoder configuration is empty");
        config.Validate();
        return config;
    }

    public void Validate()
    {
        if (InputSize <= 0 || LatentSize <= 0 || HiddenSizes.Any(h => h <= 0))
            throw new ArgumentException($"layer sizes must be positive (input {InputSize}, hidden [{string.Join(", ", HiddenSizes)}], latent {LatentSize})");
    }
}
