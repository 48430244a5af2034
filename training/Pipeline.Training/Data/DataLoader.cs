using System.Collections;
using Pipeline.Distributed;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Data;

/// <summary>
/// Mini-batches over an <see cref="ImageDataset"/>. Each enumeration is one epoch; with shuffling,
/// its order is a permutation fixed by (seed, epoch number), so a run resumed at the same
/// <see cref="Epoch"/> sees the same batches. With a <see cref="Shard"/>, each batch is this process's share of the global
/// batch of <see cref="BatchSize"/> images (data-parallel training): the shares of all ranks together are the
/// single-process epoch, except that an epoch's last batch is left out when it holds fewer images than there are
/// ranks. Not thread-safe (it reuses conversion buffers).
/// </summary>
public sealed class DataLoader : IEnumerable<Batch>
{
    private readonly byte[] pixelBuffer;
    private readonly float[] floatBuffer;
    private readonly long[] labelBuffer;
    private readonly Generator? generator;
    private int epoch;

    /// <summary>
    /// Creates a loader. Random transforms draw from <paramref name="generator"/>; without one, each
    /// epoch gets its own generator seeded from (seed, epoch, and the shard's rank), which also resumes exactly.
    /// </summary>
    public DataLoader(ImageDataset dataset, int batchSize, bool shuffle = true, int seed = 0, bool dropLast = false,
        PixelTransform transform = PixelTransform.ZeroOne, Generator? generator = null, DataShard? shard = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "the batch size must be positive");
        if (!Enum.IsDefined(transform))
            throw new ArgumentOutOfRangeException(nameof(transform), transform, $"unknown pixel transform: use one of {string.Join(", ", Enum.GetNames<PixelTransform>())}");
        if (dataset.Count == 0)
            throw new ArgumentException($"{dataset.Name} holds no images: load a non-empty dataset", nameof(dataset));
        if (dropLast && batchSize > dataset.Count)
            throw new ArgumentException(
                $"a batch size of {batchSize} with dropLast leaves no batch of the {dataset.Count} images of {dataset.Name}: lower the batch size or keep the last partial batch",
                nameof(batchSize));

        if (shard is { } part && (part.Count < 1 || part.Rank < 0 || part.Rank >= part.Count))
            throw new ArgumentOutOfRangeException(nameof(shard), shard, "a shard's rank must lie in [0, count) with count ≥ 1");
        if (shard is { Count: > 1 } && shard.Value.Count > Math.Min(batchSize, dataset.Count))
            throw new ArgumentException($"a global batch of {batchSize} images cannot be shared by {shard.Value.Count} processes: give each process at least one image (--batch-size ≥ {shard.Value.Count})", nameof(shard));

        Dataset = dataset;
        BatchSize = batchSize;
        Shard = shard is { Count: > 1 } ? shard : null;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
        Transform = transform;
        this.generator = generator;
        var capacity = Math.Min(batchSize, dataset.Count);
        pixelBuffer = new byte[capacity * dataset.PixelsPerImage];
        floatBuffer = new float[capacity * dataset.PixelsPerImage];
        labelBuffer = new long[capacity];
    }

    /// <summary>The dataset batches come from.</summary>
    public ImageDataset Dataset { get; }

    /// <summary>Samples per batch (the last one may hold fewer unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the samples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Seed of the epoch permutations (and of random transforms when no generator is given).</summary>
    public int Seed { get; }

    /// <summary>Whether a last batch smaller than <see cref="BatchSize"/> is left out.</summary>
    public bool DropLast { get; }

    /// <summary>This process's share of each batch; null when one process takes whole batches.</summary>
    public DataShard? Shard { get; }

    /// <summary>How pixel bytes become float inputs.</summary>
    public PixelTransform Transform { get; }

    /// <summary>
    /// How many epochs have started; the next enumeration is epoch number <see cref="Epoch"/> (from 0).
    /// Set it to resume training at a given epoch.
    /// </summary>
    public int Epoch
    {
        get => epoch;
        set => epoch = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the epoch must be 0 or more");
    }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount
    {
        get
        {
            var (full, rest) = Math.DivRem(Dataset.Count, BatchSize);
            return rest == 0 || DropLast || rest < (Shard?.Count ?? 1) ? full : full + 1;
        }
    }

    /// <summary>The images of batch <paramref name="batchIndex"/> over all ranks (this rank's batch holds its share of them).</summary>
    public int GlobalBatchSize(int batchIndex) => Math.Min(BatchSize, Dataset.Count - batchIndex * BatchSize);

    /// <summary>The order in which epoch <paramref name="epochNumber"/> visits the dataset.</summary>
    public int[] EpochOrder(int epochNumber)
    {
        var order = new int[Dataset.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        if (Shuffle) new Random(MixSeed(Seed, epochNumber)).Shuffle(order);
        return order;
    }

    /// <summary>Starts the next epoch (incrementing <see cref="Epoch"/>) and yields its batches.</summary>
    public IEnumerator<Batch> GetEnumerator()
    {
        var number = epoch;
        epoch++;
        return Batches(number);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerator<Batch> Batches(int number)
    {
        var order = EpochOrder(number);
        var epochGenerator = generator is null && Transform.IsRandom()
            ? Noise.Seeded(Shard is { } part ? MixSeed(MixSeed(~Seed, number), part.Rank) : MixSeed(~Seed, number))
            : null;
        var pause = CollectionPause.Enter();
        try
        {
            for (var b = 0; b < BatchCount; b++)
            {
                // The consumer's last step has finished: collect here, never during its TorchSharp calls (see CollectionPause).
                CollectionPause.SafePoint();
                var start = b * BatchSize;
                var count = GlobalBatchSize(b);
                if (Shard is { } shard)
                {
                    var (offset, length) = shard.Of(count);
                    (start, count) = (start + offset, length);
                }
                yield return MakeBatch(order[start..(start + count)], generator ?? epochGenerator);
            }
        }
        finally
        {
            pause.Dispose();
            epochGenerator?.Dispose();
        }
    }

    private Batch MakeBatch(int[] indices, Generator? random)
    {
        var size = Dataset.PixelsPerImage;
        var pixels = pixelBuffer.AsSpan(0, indices.Length * size);
        var labels = labelBuffer.AsSpan(0, indices.Length);
        for (var i = 0; i < indices.Length; i++)
        {
            Dataset.Image(indices[i]).CopyTo(pixels.Slice(i * size, size));
            labels[i] = Dataset.Label(indices[i]);
        }
        var images = PixelTransforms.Apply(Transform, pixels, new long[] { indices.Length, 1, Dataset.Height, Dataset.Width }, random, floatBuffer);
        var labelTensor = torch.empty([indices.Length], ScalarType.Int64);
        labelTensor.data<long>().CopyFrom((ReadOnlySpan<long>)labels);
        return new Batch(images, labelTensor, indices);
    }

    /// <summary>A well-spread 32-bit seed from (seed, epoch) (SplitMix64 finalizer), stable across runs.</summary>
    private static int MixSeed(int seed, int epochNumber) =>
        (int)(SeedMixing.Finalize(((ulong)(uint)seed << 32) | (uint)epochNumber) >> 33);
}
