using System.Collections.ObjectModel;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>The tensors of a checkpoint file split by section, with the section prefix taken off their names.</summary>
internal sealed record CheckpointSections(
    ReadOnlyDictionary<string, Tensor> Model,
    ReadOnlyDictionary<string, Tensor> Optimizer,
    ReadOnlyDictionary<string, Tensor> Ema,
    ReadOnlyDictionary<string, Tensor> Extra)
{
    private static readonly string[] Prefixes =
    {
        CheckpointKeys.ModelSection, CheckpointKeys.OptimizerSection, CheckpointKeys.EmaSection, CheckpointKeys.ExtraSection,
    };

    public static CheckpointSections Split(SafeTensorsFile file)
    {
        var sections = Prefixes.Select(_ => new OrderedDictionary<string, Tensor>()).ToArray();
        foreach (var (name, tensor) in file.Tensors)
        {
            var index = Array.FindIndex(Prefixes, p => name.StartsWith(p, StringComparison.Ordinal));
            if (index < 0)
                throw new CheckpointException(file.Path, $"'{file.Path}' holds tensor '{name}' outside the sections {string.Join(", ", Prefixes)}: it was not written by Checkpoint.Save; save the checkpoint again");
            sections[index].Add(name[Prefixes[index].Length..], tensor);
        }
        return new CheckpointSections(ReadOnly(sections[0]), ReadOnly(sections[1]), ReadOnly(sections[2]), ReadOnly(sections[3]));
    }

    private static ReadOnlyDictionary<string, Tensor> ReadOnly(OrderedDictionary<string, Tensor> section) => new(section);
}
