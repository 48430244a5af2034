using Pipeline.Export;
using Pipeline.Models.Autoencoders;
using Pipeline.Nn;

namespace Pipeline.Tools.Export;

/// <summary>Builds the model a checkpoint's kind names, from the configuration saved with it.</summary>
internal static class ModelCatalog
{
    /// <summary>Every kind `tools/pipeline export` knows.</summary>
    public static IReadOnlyList<string> Kinds { get; } = new[] { MlpAutoencoder.Kind };

    public static Module Create(string kind, string configJson) => kind switch
    {
        MlpAutoencoder.Kind => new MlpAutoencoder(MlpAutoencoderConfig.FromJson(configJson)),
        _ => throw new InvalidDataException($"checkpoints of kind '{kind}' cannot be exported: known kinds are {string.Join(", ", Kinds)}"),
    };

    /// <summary>The configuration (JSON) a kind's model takes when nothing is changed: its config record's defaults.</summary>
    public static string DefaultConfigJson(string kind) => kind switch
    {
        MlpAutoencoder.Kind => new MlpAutoencoderConfig().ToJson(),
        _ => throw new InvalidDataException($"there is no model of kind '{kind}': known kinds are {string.Join(", ", Kinds)}"),
    };

    public static IExportableModel AsExportable(Module model) =>
        model as IExportableModel ?? throw new NotSupportedException($"{model.GetType().Name} does not implement IExportableModel");
}
