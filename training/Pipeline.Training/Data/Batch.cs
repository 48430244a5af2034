using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Data;

/// <summary>One mini-batch from a <see cref="DataLoader"/>; disposing it frees both tensors.</summary>
public sealed class Batch : IDisposable
{
    /// <summary>Wraps the tensors of one batch; the batch owns them.</summary>
    public Batch(Tensor images, Tensor labels, int[] indices)
    {
        Images = images;
        Labels = labels;
        Indices = indices;
    }

    /// <summary>float32 [B, 1, H, W], transformed as the loader says.</summary>
    public Tensor Images { get; }

    /// <summary>int64 [B] class labels.</summary>
    public Tensor Labels { get; }

    /// <summary>The dataset index of each sample, in batch order.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>Number of samples B.</summary>
    public int Size => Indices.Count;

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
