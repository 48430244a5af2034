using System.Runtime.ExceptionServices;
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
    /// <paramref name="workers"/> sample chunks at once, each on its own thread (one worker: the calling thread, chunk after
    /// chunk), and a request is cut so that every worker gets one: chunks of min(batch size, ⌈count / workers⌉).
    /// <paramref name="prepare"/> (sampler, first item, items) runs after each Reset, before the steps; progress counts the
    /// steps of all chunks (reported from the workers' threads, one report at a time, never decreasing).
    /// </summary>
    public static ImageBatch InChunks<TSampler>(ImageSpec image, int count, int batchSize, int workers, long seed, int[]? labels,
        Func<int, TSampler> create, Action<TSampler, int, int>? prepare, IProgress<int>? progress, CancellationToken cancellationToken)
        where TSampler : class, IStepwiseSampler
    {
        var pixels = new float[count * image.PixelsPerImage];
        var chunk = Math.Min(batchSize, (count + workers - 1) / workers);
        workers = Math.Min(workers, (count + chunk - 1) / chunk);
        var next = -1;
        var reports = progress is null ? null : new SharedProgress(progress);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failures = new ExceptionDispatchInfo?[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, worker =>
        {
            TSampler? sampler = null;
            try
            {
                for (var index = Interlocked.Increment(ref next); index * chunk < count; index = Interlocked.Increment(ref next))
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
                    sampler.Run(reports?.ForChunk(), stop.Token);
                    sampler.Result().Pixels.CopyTo(pixels, start * image.PixelsPerImage);
                }
            }
            catch (Exception error)
            {
                failures[worker] = ExceptionDispatchInfo.Capture(error);
                stop.Cancel();          // the other workers stop between steps
            }
            finally
            {
                sampler?.Dispose();
            }
        });
        // The first real failure, not the cancellations it caused in the other workers; a cancellation as the caller's token's.
        failures.FirstOrDefault(f => f is not null && f.SourceException is not OperationCanceledException)?.Throw();
        cancellationToken.ThrowIfCancellationRequested();
        failures.FirstOrDefault(f => f is not null)?.Throw();
        return new ImageBatch(count, image.Channels, image.Height, image.Width, pixels);
    }
}
