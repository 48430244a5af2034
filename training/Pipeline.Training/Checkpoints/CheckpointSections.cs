using System.Collections.ObjectModel;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>
/// The tensors of a checkpoint file split by section, with the section prefix taken off their names; the named
/// optimizers' tensors are split once more, by optimizer name.
/// </summary>
internal sealed record CheckpointSections(
    ReadOnlyDictionary<string, Tensor> Model,
    ReadOnlyDictionary<string, Tensor> Optimizer,
    ReadOnlyDictionary<string, Tensor> Ema,
    ReadOnlyDictionary<string, Tensor> Extra,
    ReadOnlyDictionary<string, ReadOnlyDictionary<string, Tensor>> NamedOptimizers)
{
    private static readonly string[] Prefixes =
    {
        CheckpointKeys.ModelSection, CheckpointKeys.OptimizerSection, CheckpointKeys.EmaSection, CheckpointKeys.ExtraSection,
    };

    public static CheckpointSections Split(SafeTensorsFile file)
    {
        var sections = Prefixes.Select(_ => new OrderedDictionary<string, Tensor>()).ToArray();
        var named = new OrderedDictionary<string, OrderedDictionary<string, Tensor>>();
        foreach (var (name, tensor) in file.Tensors)
        {
            if (name.StartsWith(CheckpointKeys.NamedOptimizerSection, StringComparison.Ordinal))
            {
                var rest = name[CheckpointKeys.NamedOptimizerSection.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0)
                    throw new CheckpointException(file.Path, $"'{file.Path}' holds tensor '{name}' without an optimizer name: it was not written by Checkpoint.Save; save the checkpoint again");
                var optimizer = rest[..slash];
                if (!named.TryGetValue(optimizer, out var tensors)) named.Add(optimizer, tensors = new OrderedDictionary<string, Tensor>());
                tensors.Add(rest[(slash + 1)..], tensor);
                continue;
            }
            var index = Array.FindIndex(Prefixes, p => name.StartsWith(p, StringComparison.Ordinal));
            if (index < 0)
                throw new CheckpointException(file.Path, $"'{file.Path}' holds tensor '{name}' outside the sections {string.Join(", ", Prefixes.Append(CheckpointKeys.NamedOptimizerSection))}: it was not written by Checkpoint.Save; save the checkpoint again");
            sections[index].Add(name[Prefixes[index].Length..], tensor);
        }
        return new CheckpointSections(ReadOnly(sections[0]), ReadOnly(sections[1]), ReadOnly(sections[2]), ReadOnly(sections[3]),
            new(named.ToDictionary(kv => kv.Key, kv => ReadOnly(kv.Value))));
    }

    private static ReadOnlyDictionary<string, Tensor> ReadOnly(OrderedDictionary<string, Tensor> section) => new(section);
}
