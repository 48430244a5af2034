using System.Globalization;
using System.Text.Json;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>Lays a <see cref="CheckpointContents"/> out as the tensors and metadata of one safetensors file.</summary>
internal static class CheckpointWriter
{
    public static void Write(string path, CheckpointContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        Validate(contents);
        SafeTensors.Write(path, CollectTensors(contents), CollectMetadata(contents), SafeTensors.DataHashKey);
    }

    private static void Validate(CheckpointContents contents)
    {
        if (string.IsNullOrWhiteSpace(contents.Kind))
            throw new ArgumentException("the checkpoint needs a model kind (e.g. \"mlp-autoencoder\"): set CheckpointContents.Kind", nameof(contents));
        if (contents.Step < 0)
            throw new ArgumentException($"the step is {contents.Step}: pass the number of training steps taken (0 or more)", nameof(contents));
        try
        {
            using var _ = JsonDocument.Parse(contents.ConfigJson ?? string.Empty);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"ConfigJson is not valid JSON ({e.Message}): pass the model's hyper-parameters serialized as JSON", nameof(contents), e);
        }
        ArgumentNullException.ThrowIfNull(contents.Model);
        var names = (contents.NamedOptimizers ?? []).Select(o => o.Name).ToList();
        foreach (var name in names)
            if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                throw new ArgumentException($"optimizer name '{name}' is not a name: use letters, digits, '_' or '-'", nameof(contents));
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new ArgumentException($"optimizer names must differ, got {string.Join(", ", names)}", nameof(contents));
        foreach (var key in contents.Metadata?.Keys ?? [])
            if (key.StartsWith(CheckpointKeys.ReservedPrefix, StringComparison.Ordinal))
                throw new ArgumentException($"metadata key '{key}' is reserved for Pipeline: use a key that does not start with \"{CheckpointKeys.ReservedPrefix}\"", nameof(contents));
    }

    private static OrderedDictionary<string, Tensor> CollectTensors(CheckpointContents contents)
    {
        var tensors = new OrderedDictionary<string, Tensor>();
        Add(tensors, CheckpointKeys.ModelSection, contents.Model.state_dict());
        if (contents.Optimizer is not null) Add(tensors, CheckpointKeys.OptimizerSection, AdamState.Collect(contents.Model, contents.Optimizer));
        foreach (var named in contents.NamedOptimizers ?? [])
            Add(tensors, $"{CheckpointKeys.NamedOptimizerSection}{named.Name}/", AdamState.Collect(named.Module, named.Optimizer));
        if (contents.Ema is not null) Add(tensors, CheckpointKeys.EmaSection, contents.Ema.StateDict());
        if (contents.Extra is not null) Add(tensors, CheckpointKeys.ExtraSection, contents.Extra);
        return tensors;
    }

    private static void Add(OrderedDictionary<string, Tensor> tensors, string section, IEnumerable<KeyValuePair<string, Tensor>> source)
    {
        foreach (var (name, tensor) in source) tensors.Add(section + name, tensor);
    }

    private static OrderedDictionary<string, string> CollectMetadata(CheckpointContents contents)
    {
        var metadata = new OrderedDictionary<string, string>
        {
            [CheckpointKeys.Format] = CheckpointKeys.FormatVersion,
            [CheckpointKeys.Kind] = contents.Kind,
            [CheckpointKeys.Config] = contents.ConfigJson,
            [CheckpointKeys.Step] = Text(contents.Step),
        };
        if (contents.Optimizer is { } optimizer)
        {
            metadata[CheckpointKeys.Optimizer] = nameof(Adam);
            metadata[CheckpointKeys.OptimizerStep] = Text(AdamState.StepCount(optimizer));
            metadata[CheckpointKeys.LearningRate] = optimizer.ParamGroups.First().LearningRate.ToString("R", CultureInfo.InvariantCulture);
        }
        if (contents.NamedOptimizers is { Count: > 0 } named)
            metadata[CheckpointKeys.NamedOptimizers] = JsonSerializer.Serialize(named.ToDictionary(o => o.Name,
                o => new NamedOptimizerHeader(AdamState.StepCount(o.Optimizer), o.Optimizer.ParamGroups.First().LearningRate)));
        if (contents.Ema is { } ema) metadata[CheckpointKeys.EmaUpdates] = Text(ema.UpdateCount);
        foreach (var (key, value) in contents.Metadata ?? new Dictionary<string, string>()) metadata[key] = value;
        return metadata;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
