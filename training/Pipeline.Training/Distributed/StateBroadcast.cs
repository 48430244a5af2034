using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Distributed;

/// <summary>
/// Makes rank 0's values of a fixed set of tensors (parameters, buffers) every rank's, with one MPI_Bcast of their bytes
/// packed into one buffer made once.
/// </summary>
public sealed class StateBroadcast
{
    private readonly IReadOnlyList<Tensor> tensors;
    private readonly IProcessGroup group;
    private readonly byte[] packed;

    public StateBroadcast(IEnumerable<Tensor> tensors, IProcessGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        this.tensors = tensors.ToList();
        this.group = group;
        foreach (var tensor in this.tensors.Where(t => t.device_type != DeviceType.CPU || !t.is_contiguous()))
            throw new NotSupportedException($"broadcasting state needs contiguous CPU tensors, not a {tensor.device_type} tensor of shape [{string.Join(", ", tensor.shape)}]: train on the CPU");
        packed = new byte[this.tensors.Sum(t => t.NumberOfElements * t.ElementSize)];
    }

    /// <summary>The bytes each call sends.</summary>
    public long Bytes => packed.Length;

    /// <summary>
    /// Every parameter and buffer of <paramref name="model"/>, which the trainer broadcasts at the start and after the
    /// first step (a data-dependent initialization such as ActNorm's runs on each rank's own share).
    /// </summary>
    public static StateBroadcast AllState(nn.Module model, IProcessGroup group) =>
        new(model.parameters().Cast<Tensor>().Concat(model.buffers()), group);

    /// <summary>
    /// The state of <paramref name="model"/>'s training-mode modules that no optimizer updates: buffers (batch-norm
    /// statistics), weights without gradients (a VQ-VAE's EMA codebook) and weights a module changes in place on its rank
    /// (<see cref="IRankLocalUpdates"/>: a codebook restarting dead codes), which each rank would otherwise move on its own
    /// share of the batch; rank 0's values are kept after every step. Frozen parts in evaluation mode (latent
    /// diffusion's VAE) never change and are left out.
    /// </summary>
    public static StateBroadcast UnoptimizedState(nn.Module model, IProcessGroup group) =>
        new(model.modules().Prepend(model).Distinct().Where(m => m.training).SelectMany(m =>
            m.named_parameters(recurse: false).Select(p => (Tensor)p.parameter).Where(p => !p.requires_grad)
                .Concat((m as IRankLocalUpdates)?.RankLocalState.Where(p => p.requires_grad) ?? [])
                .Concat(m.named_buffers(recurse: false).Select(b => b.buffer))), group);

    /// <summary>Copies rank 0's values into every other rank's tensors.</summary>
    public void FromRankZero()
    {
        if (packed.Length == 0) return;
        using var noGrad = no_grad();
        if (group.Rank == 0)
        {
            var offset = 0;
            foreach (var tensor in tensors)
            {
                var bytes = tensor.bytes;
                bytes.CopyTo(packed.AsSpan(offset));
                offset += bytes.Length;
            }
        }
        group.Broadcast(packed);
        if (group.Rank == 0) return;
        var position = 0;
        foreach (var tensor in tensors)
        {
            var length = (int)(tensor.NumberOfElements * tensor.ElementSize);
            tensor.bytes = packed.AsSpan(position, length);
            position += length;
        }
    }
}
