using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Distributed;

/// <summary>
/// Sums the gradients of a set of parameters over every process with a few large all-reduce calls instead of one per
/// tensor, as PyTorch's DistributedDataParallel does: the parameters are packed, in order, into buckets of at most
/// <see cref="BucketBytes"/>; each bucket is one pinned float32 array that a TorchSharp tensor shares, with a view of it
/// per parameter, all made once. <see cref="AllReduce"/> copies the gradients into the views, makes one MPI_Allreduce
/// per bucket, and copies the sums back. A parameter without a gradient (unused by this phase's loss, on every rank
/// alike) sends zeros and keeps no gradient, so Adam still skips it.
/// </summary>
public sealed class GradientBuckets : IDisposable
{
    /// <summary>PyTorch DDP's default bucket size, 25 MiB.</summary>
    public const long DefaultBucketBytes = 25L << 20;

    private readonly IProcessGroup group;
    private readonly List<Bucket> buckets = [];
    private long calls;
    private long bytes;
    private long ticks;

    public GradientBuckets(IEnumerable<Parameter> parameters, IProcessGroup group, long bucketBytes = DefaultBucketBytes)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (bucketBytes < sizeof(float)) throw new ArgumentOutOfRangeException(nameof(bucketBytes), bucketBytes, "a bucket must hold at least one float");
        this.group = group;
        BucketBytes = bucketBytes;
        var pending = new List<Parameter>();
        long elements = 0;
        foreach (var parameter in parameters)
        {
            if (parameter.dtype != ScalarType.Float32)
                throw new NotSupportedException($"data-parallel training averages float32 gradients; a parameter is {parameter.dtype}: train in float32");
            // A parameter larger than a bucket gets a bucket of its own.
            if (pending.Count > 0 && (elements + parameter.numel()) * sizeof(float) > bucketBytes)
            {
                buckets.Add(new Bucket(pending));
                pending = [];
                elements = 0;
            }
            pending.Add(parameter);
            elements += parameter.numel();
        }
        if (pending.Count > 0) buckets.Add(new Bucket(pending));
    }

    /// <summary>The largest bucket, in bytes (one parameter larger than this gets a bucket of its own).</summary>
    public long BucketBytes { get; }

    /// <summary>How many floats each bucket holds, in order.</summary>
    public IReadOnlyList<long> BucketSizes => buckets.Select(b => (long)b.Values.Length).ToList();

    /// <summary>The parameters of each bucket, in order.</summary>
    public IReadOnlyList<IReadOnlyList<Parameter>> BucketParameters => buckets.Select(b => (IReadOnlyList<Parameter>)b.Parameters).ToList();

    /// <summary>All-reduce calls, bytes and time so far.</summary>
    public CommunicationStats Stats => new(calls, bytes, TimeSpan.FromTicks(ticks));

    /// <summary>Replaces each gradient by its sum over every process (the trainer scales each rank's loss by its share of the batch, so the sum is the global mean's gradient).</summary>
    public void AllReduce()
    {
        using var noGrad = no_grad();
        foreach (var bucket in buckets)
        {
            for (var i = 0; i < bucket.Parameters.Count; i++)
            {
                if (bucket.Parameters[i].grad is { } gradient) bucket.Views[i].copy_(gradient);
                else bucket.Views[i].zero_();
            }
            var started = Stopwatch.GetTimestamp();
            group.AllReduceSum(bucket.Values);
            ticks += Stopwatch.GetElapsedTime(started).Ticks;
            calls++;
            bytes += (long)bucket.Values.Length * sizeof(float);
            for (var i = 0; i < bucket.Parameters.Count; i++)
                bucket.Parameters[i].grad?.copy_(bucket.Views[i]);
        }
    }

    public void Dispose()
    {
        foreach (var bucket in buckets) bucket.Dispose();
        buckets.Clear();
    }

    private sealed class Bucket : IDisposable
    {
        public Bucket(List<Parameter> parameters)
        {
            Parameters = parameters;
            Values = GC.AllocateArray<float>(checked((int)parameters.Sum(p => p.numel())), pinned: true);
            Flat = from_array(Values).DetachFromDisposeScope();
            long offset = 0;
            foreach (var parameter in parameters)
            {
                Views.Add(Flat.narrow(0, offset, parameter.numel()).view(parameter.shape).DetachFromDisposeScope());
                offset += parameter.numel();
            }
        }

        public List<Parameter> Parameters { get; }

        /// <summary>The bucket's floats; pinned, so MPI reads and writes them where the tensor sees them.</summary>
        public float[] Values { get; }

        public Tensor Flat { get; }

        public List<Tensor> Views { get; } = [];

        public void Dispose()
        {
            foreach (var view in Views) view.Dispose();
            Flat.Dispose();
        }
    }
}
