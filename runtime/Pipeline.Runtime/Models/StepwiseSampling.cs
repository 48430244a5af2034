using System.Runtime.ExceptionServices;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Packages;

namespace Pipeline.Runtime.Models;

/// <summary>The loops both step-at-a-time samplers share: finishing a generation, and a large request in chunks.</summary>
internal static class StepwiseSampling
{
    /// <summary>Runs the remaining steps; reports StepsDone after each and throws <see cref="OperationCanceledException"/> between steps when cancelled.</summary>
    public static void RunToEnd(IStepwiseSampler sampler, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        while (sampler.StepsDone < sampler.TotalSteps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sampler.Step();
            progress?.Report(sampler.StepsDone);
        }
    }

    /// <summary>
    /// <paramref name="count"/> images in chunks of <paramref name="batchSize"/>, one sampler per worker reused while the chunk
    /// size stays the same; chunk items are numbered from the request's start, so an image does not depend on the chunking.
    /// With <paramref name="workers"/> above 1, chunks are sampled at once, each worker on its own thread, and a request is
    /// cut so that every worker gets one: chunks of min(batch size, ⌈count / workers⌉). <paramref name="prepare"/> (sampler,
    /// first item, items) runs after each Reset, before the steps; progress counts the steps of all chunks (reported from the
    /// workers' threads, one report at a time, never decreasing).
    /// </summary>
    public static ImageBatch InChunks<TSampler>(ImageSpec image, int count, int batchSize, int workers, long seed, int[]? labels,
        Func<int, TSampler> create, Action<TSampler, int, int>? prepare, IProgress<int>? progress, CancellationToken cancellationToken)
        where TSampler : class, IStepwiseSampler
    {
        var pixels = new float[count * image.PixelsPerImage];
        var chunk = workers > 1 ? Math.Min(batchSize, (count + workers - 1) / workers) : batchSize;
        var chunks = (count + chunk - 1) / chunk;
        workers = Math.Min(workers, chunks);
        if (workers == 1)
        {
            var chunkIndex = -1;
            SampleChunks(image, count, chunk, seed, labels, create, prepare, pixels, () => ++chunkIndex,
                         (index, steps) => progress is null ? null : new OffsetProgress(progress, index * steps), cancellationToken);
            return new ImageBatch(count, image.Channels, image.Height, image.Width, pixels);
        }
        var next = -1;
        var reports = progress is null ? null : new SharedProgress(progress);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failures = new ExceptionDispatchInfo?[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            try
            {
                SampleChunks(image, count, chunk, seed, labels, create, prepare, pixels, () => Interlocked.Increment(ref next),
                             (_, _) => reports?.ForChunk(), stop.Token);
            }
            catch (Exception error)
            {
                failures[worker] = ExceptionDispatchInfo.Capture(error);
                stop.Cancel();          // the other workers stop between steps
            }
        });
        // The first real failure, not the cancellations it caused in the other workers; a cancellation as the caller's token's.
        failures.FirstOrDefault(f => f is not null && f.SourceException is not OperationCanceledException)?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
        failures.FirstOrDefault(f => f is not null)?.Throw();
        return new ImageBatch(count, image.Channels, image.Height, image.Width, pixels);
    }

    /// <summary>
    /// Samples the chunks whose numbers <paramref name="nextChunk"/> gives, one after the other with one sampler, into
    /// <paramref name="pixels"/>, until it gives one past the end. <paramref name="progress"/> (chunk number, steps per
    /// chunk) gives each chunk's progress.
    /// </summary>
    private static void SampleChunks<TSampler>(ImageSpec image, int count, int chunk, long seed, int[]? labels, Func<int, TSampler> create,
        Action<TSampler, int, int>? prepare, float[] pixels, Func<int> nextChunk, Func<int, int, IProgress<int>?> progress, CancellationToken cancellationToken)
        where TSampler : class, IStepwiseSampler
    {
        TSampler? sampler = null;
        try
        {
            for (var index = nextChunk(); index * chunk < count; index = nextChunk())
            {
                var start = index * chunk;
                var n = Math.Min(chunk, count - start);
                if (sampler?.BatchSize != n)
                {
                    sampler?.Dispose();
                    sampler = create(n);
                }
                sampler.Reset(seed, labels is null ? default : labels.AsSpan(start, n), start);
                prepare?.Invoke(sampler, start, n);
                sampler.Run(progress(index, sampler.TotalSteps), cancellationToken);
                sampler.Result().Pixels.CopyTo(pixels, start * image.PixelsPerImage);
            }
        }
        finally
        {
            sampler?.Dispose();
        }
    }
}
