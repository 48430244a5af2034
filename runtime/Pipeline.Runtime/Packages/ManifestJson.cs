using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Runtime.Packages;

/// <summary>The JSON conventions of manifest.json (snake_case names and enum values).</summary>
public static class ManifestJson
{
    /// <summary>The manifest's file name inside a package folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Serializer options for manifests.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>The manifest as indented JSON.</summary>
    public static string Serialize(ModelManifest manifest) => JsonSerializer.Serialize(manifest, Options);
}
