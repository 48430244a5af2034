namespace Pipeline.Distributed;

/// <summary>
/// A module that learns running statistics of its training batches outside any optimizer (a VQ-VAE's EMA codebook: the
/// codes' usage counts and the sums of the encoder outputs assigned to them). In data-parallel training each rank sees
/// its share of the batch only: given the group, the module sums its batch statistics over the ranks before it takes
/// them in, so every rank learns from the whole batch, as one process would.
/// </summary>
public interface IBatchStatistics
{
    /// <summary>The ranks to sum batch statistics over; null (one process) takes them in as they are.</summary>
    IProcessGroup? Group { get; set; }
}
