using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Models;

/// <summary>
/// How model configurations are written into checkpoints: snake_case names and enum values
/// ("hidden_sizes", "bernoulli"), so Python tools read them as they are.
/// </summary>
public static class ModelJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write<T>(T config) => JsonSerializer.Serialize(config, Options);

    /// <summary>Reads a configuration and validates it; fails naming <paramref name="what"/> on bad input.</summary>
    public static T Read<T>(string json, string what, Action<T> validate) where T : class
    {
        T? config;
        try
        {
            config = JsonSerializer.Deserialize<T>(json, Options);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"the {what} configuration is not valid JSON for {typeof(T).Name} ({error.Message}): pass the config saved with the checkpoint", error);
        }
        if (config is null) throw new InvalidDataException($"the {what} configuration is empty: pass the config saved with the checkpoint");
        validate(config);
        return config;
    }
}
