using System.Globalization;
using System.Text.Json;

namespace Pipeline.Checkpoints;

/// <summary>The Pipeline metadata of a checkpoint, parsed and checked; <see cref="User"/> holds the free metadata.</summary>
internal sealed record CheckpointHeader(
    string Kind,
    string ConfigJson,
    long Step,
    string? Optimizer,
    long? OptimizerStep,
    double? LearningRate,
    long? EmaUpdates,
    IReadOnlyDictionary<string, NamedOptimizerHeader> NamedOptimizers,
    IReadOnlyDictionary<string, string> User)
{
    public static CheckpointHeader Parse(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(CheckpointKeys.Format, out var format))
            throw new CheckpointException(path, $"'{path}' is a safetensors file but not a Pipeline checkpoint (its metadata has no '{CheckpointKeys.Format}'): pass a checkpoint written by Checkpoint.Save, or read plain tensors with SafeTensors.Read");
        if (format != CheckpointKeys.FormatVersion)
            throw new CheckpointException(path, $"'{path}' is a Pipeline checkpoint of format '{format}', but this build reads format {CheckpointKeys.FormatVersion}: use the Pipeline version that wrote it");
        var config = Required(path, metadata, CheckpointKeys.Config);
        try
        {
            using var _ = JsonDocument.Parse(config);
        }
        catch (JsonException e)
        {
            throw Damaged(path, $"'{CheckpointKeys.Config}' is not valid JSON ({e.Message})", e);
        }
        return new CheckpointHeader(
            Required(path, metadata, CheckpointKeys.Kind),
            config,
            Whole(path, metadata, CheckpointKeys.Step) ?? throw Missing(path, CheckpointKeys.Step),
            metadata.GetValueOrDefault(CheckpointKeys.Optimizer),
            Whole(path, metadata, CheckpointKeys.OptimizerStep),
            Real(path, metadata, CheckpointKeys.LearningRate),
            Whole(path, metadata, CheckpointKeys.EmaUpdates),
            NamedOptimizerHeaders(path, metadata),
            metadata.Where(kv => !kv.Key.StartsWith(CheckpointKeys.ReservedPrefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    private static IReadOnlyDictionary<string, NamedOptimizerHeader> NamedOptimizerHeaders(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(CheckpointKeys.NamedOptimizers, out var text)) return new Dictionary<string, NamedOptimizerHeader>();
        Dictionary<string, NamedOptimizerHeader>? headers;
        try
        {
            headers = JsonSerializer.Deserialize<Dictionary<string, NamedOptimizerHeader>>(text);
        }
        catch (JsonException e)
        {
            throw Damaged(path, $"'{CheckpointKeys.NamedOptimizers}' is not valid JSON ({e.Message})", e);
        }
        if (headers is null || headers.Values.Any(h => h is null || h.Step < 0 || !double.IsFinite(h.LearningRate)))
            throw Damaged(path, $"'{CheckpointKeys.NamedOptimizers}' is '{text}', not optimizers with a step count and a learning rate");
        return headers;
    }

    private static string Required(string path, IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && value.Length > 0 ? value : throw Missing(path, key);

    private static long? Whole(string path, IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out var text)) return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Damaged(path, $"'{key}' is '{text}', not a non-negative whole number");
    }

    private static double? Real(string path, IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out var text)) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Damaged(path, $"'{key}' is '{text}', not a number");
    }

    private static CheckpointException Missing(string path, string key) => Damaged(path, $"its metadata lacks '{key}'");

    private static CheckpointException Damaged(string path, string problem, Exception? inner = null) =>
        new(path, $"'{path}' is a damaged Pipeline checkpoint: {problem}; save the checkpoint again", inner);
}
