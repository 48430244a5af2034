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
    /// <paramref name="count"/> images in chunks of <paramref name="batchSize"/>, one sampler reused while the chunk size stays
    /// the same; chunk items are numbered from the request's start, so an image does not depend on the chunking.
    /// <paramref name="prepare"/> (sampler, first item, items) runs after each Reset, before the steps; progress counts the
    /// steps of all chunks.
    /// </summary>
    public static ImageBatch InChunks<TSampler>(ImageSpec image, int count, int batchSize, long seed, int[]? labels, Func<int, TSampler> create,
        Action<TSampler, int, int>? prepare, IProgress<int>? progress, CancellationToken cancellationToken)
        where TSampler : class, IStepwiseSampler
    {
        var pixels = new float[count * image.PixelsPerImage];
        TSampler? sampler = null;
        try
        {
            for (var start = 0; start < count; start += batchSize)
            {
                var n = Math.Min(batchSize, count - start);
                if (sampler?.BatchSize != n)
                {
                    sampler?.Dispose();
                    sampler = create(n);
                }
                sampler.Reset(seed, labels is null ? default : labels.AsSpan(start, n), start);
                prepare?.Invoke(sampler, start, n);
                var done = start / batchSize * sampler.TotalSteps;
                sampler.Run(progress is null ? null : new OffsetProgress(progress, done), cancellationToken);
                sampler.Result().Pixels.CopyTo(pixels, start * image.PixelsPerImage);
            }
        }
        finally
        {
            sampler?.Dispose();
        }
        return new ImageBatch(count, image.Channels, image.Height, image.Width, pixels);
    }
}
