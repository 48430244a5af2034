using System.Collections.ObjectModel;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>
/// The contents of a safetensors file read by <see cref="SafeTensors.Read"/>: CPU tensors in file
/// order, and the string metadata. The file object owns the tensors: dispose it to release them
/// (keep a tensor longer with <c>Tensor.clone()</c>).
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    private readonly OrderedDictionary<string, Tensor> tensors;

    internal SafeTensorsFile(string path, OrderedDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        this.tensors = tensors;
        Tensors = new ReadOnlyDictionary<string, Tensor>(tensors);
        Metadata = metadata;
    }

    /// <summary>The file that was read.</summary>
    public string Path { get; }

    /// <summary>The tensors by name, in the order of the file's header.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The header's "__metadata__" strings (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Releases every tensor read from the file.</summary>
    public void Dispose()
    {
        foreach (var tensor in tensors.Values) tensor.Dispose();
        tensors.Clear();
    }
}
