using static TorchSharp.torch;

namespace Pipeline.Distributed;

/// <summary>
/// A module that changes some of its optimized parameters in place on each rank's own share of the batch, besides its
/// optimizer's update (a VQ-VAE codebook whose dead codes restart on encoder outputs of the batch): data-parallel training
/// gives every rank rank 0's values of them after each step, as it does for buffers, or the ranks' copies would part.
/// </summary>
public interface IRankLocalUpdates
{
    /// <summary>The parameters concerned (none when the module makes no such change).</summary>
    IEnumerable<Tensor> RankLocalState { get; }
}
