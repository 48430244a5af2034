namespace Pipeline.Runtime.Models;

/// <summary>The loop both step-at-a-time samplers run to finish a generation.</summary>
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
}
