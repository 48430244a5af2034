using Pipeline.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Distributed;

/// <summary>
/// What <see cref="Models.ModelTrainer{TModel}"/> does differently when several processes train one model (synchronous
/// data parallelism, as Horovod and PyTorch's DistributedDataParallel): every rank starts from rank 0's weights, takes its
/// <see cref="Shard"/> of each global batch, scales its loss by its share of the batch, and sums the gradients over all
/// ranks after each backward (one <see cref="GradientBuckets"/> per training phase), so every rank takes the same
/// optimizer step. Rank 0 (<see cref="Lead"/>) alone writes checkpoints and reports; a run resumes from rank 0's
/// checkpoint, which rank 0 reads and sends to the others (no shared folder needed).
/// </summary>
public sealed class DataParallel : IDisposable
{
    private readonly IProcessGroup group;
    private readonly List<GradientBuckets> phases;
    private readonly StateBroadcast allState;
    private readonly StateBroadcast unoptimizedState;
    private bool stepped;

    /// <param name="phaseParameters">The parameters each training phase's optimizer updates, in phase order.</param>
    public DataParallel(IProcessGroup group, nn.Module model, IEnumerable<IEnumerable<Parameter>> phaseParameters, long bucketBytes = GradientBuckets.DefaultBucketBytes)
    {
        this.group = group;
        foreach (var statistics in model.modules().Prepend(model).OfType<IBatchStatistics>()) statistics.Group = group;
        phases = phaseParameters.Select(parameters => new GradientBuckets(parameters, group, bucketBytes)).ToList();
        allState = StateBroadcast.AllState(model, group);
        unoptimizedState = StateBroadcast.UnoptimizedState(model, group);
    }

    public IProcessGroup Group => group;

    /// <summary>Whether this is rank 0, which writes checkpoints, previews and logs.</summary>
    public bool Lead => group.Rank == 0;

    /// <summary>This rank's share of each global batch.</summary>
    public DataShard Shard => new(group.Rank, group.Size);

    /// <summary>The gradient all-reduces of every phase so far.</summary>
    public CommunicationStats Stats => phases.Select(p => p.Stats).Aggregate(CommunicationStats.None,
        (sum, s) => new CommunicationStats(sum.Calls + s.Calls, sum.Bytes + s.Bytes, sum.Time + s.Time));

    /// <summary>Every rank takes rank 0's weights and buffers (before the first step).</summary>
    public void Start() => allState.FromRankZero();

    /// <summary>Sums phase <paramref name="phase"/>'s gradients over all ranks (each rank's loss was scaled by its share).</summary>
    public void AverageGradients(int phase) => phases[phase].AllReduce();

    /// <summary>
    /// After each step: the first time, all of rank 0's state again (a data-dependent initialization, such as ActNorm's,
    /// ran on each rank's own share); then rank 0's state that no optimizer updates (batch-norm statistics, EMA codebooks).
    /// </summary>
    public void AfterStep()
    {
        if (stepped)
        {
            unoptimizedState.FromRankZero();
            return;
        }
        allState.FromRankZero();
        stepped = true;
    }

    /// <summary>Replaces <paramref name="values"/> by their sums over all ranks (the report's share-weighted losses become global means).</summary>
    public double[] Sum(double[] values)
    {
        group.AllReduceSum(values);
        return values;
    }

    /// <summary>
    /// The seed of this rank's loss-noise stream from step <paramref name="step"/> on: every rank draws its own noise for its
    /// own images, and a run resumed with any number of ranks reseeds from (seed, rank, step).
    /// </summary>
    public long NoiseSeed(long seed, long step) =>
        (long)SeedMixing.Finalize(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)group.Rank * 0xBF58476D1CE4E5B9UL + (ulong)step * 0x94D049BB133111EBUL));

    /// <summary>
    /// The checkpoint this rank resumes from: rank 0 reads <paramref name="path"/> (when it exists) and sends its bytes to
    /// the other ranks, which write them to a temporary file (delete it with <see cref="Release"/>). Null when there is none.
    /// </summary>
    public string? ShareCheckpoint(string? path)
    {
        var data = Lead && path is not null && File.Exists(path) ? File.ReadAllBytes(path) : null;
        var length = BitConverter.GetBytes((long)(data?.Length ?? -1));
        group.Broadcast(length);
        var size = BitConverter.ToInt64(length);
        if (size < 0) return null;
        data ??= new byte[size];
        group.Broadcast(data);
        if (Lead) return path;
        var copy = Path.Combine(Path.GetTempPath(), $"pipeline-rank{group.Rank}-{Environment.ProcessId}.safetensors");
        File.WriteAllBytes(copy, data);
        return copy;
    }

    /// <summary>Deletes another rank's temporary copy of the checkpoint (rank 0's own file stays).</summary>
    public void Release(string? shared)
    {
        if (!Lead && shared is not null) File.Delete(shared);
    }

    public void Dispose()
    {
        foreach (var phase in phases) phase.Dispose();
    }
}
