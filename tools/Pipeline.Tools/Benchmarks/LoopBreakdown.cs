using System.Diagnostics;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// Where a reverse step's time goes besides the network: the parts of <see cref="DiffusionSampler.Step"/> timed one by
/// one on buffers of the sampler's sizes (drawing z for every item, the scheduler's update, and writing x_t and t
/// into the bound inputs, twice under classifier-free guidance, whose combination of the two halves' ε̂ it includes),
/// in seconds per step: medians of interleaved rounds.
/// </summary>
internal static class LoopBreakdown
{
    private const int Rounds = 9;

    public static (double Noise, double Scheduler, double Inputs) Measure(DiffusionModel model, int batch, DiffusionSamplerKind kind, int runs)
    {
        var itemSize = model.Spec.SampleSize;
        var randoms = Enumerable.Range(0, batch).Select(n => new SeededRandom((ulong)n + 1)).ToArray();
        var rows = SamplerBenchmark.NetworkRows(model, batch);                   // 2N under guidance
        var (state, noise, epsilon, bound) = (new float[batch * itemSize], new float[batch * itemSize], new float[rows * itemSize], new float[rows * itemSize]);
        var (timesteps, guided) = (new float[rows], new float[batch * itemSize]);
        for (var n = 0; n < batch; n++) randoms[n].FillNormal(epsilon.AsSpan(n * itemSize, itemSize));
        epsilon.AsSpan(0, batch * itemSize).CopyTo(epsilon.AsSpan(epsilon.Length - batch * itemSize));
        var scheduler = new DiffusionSamplingOptions { Sampler = kind }.CreateScheduler(model.Schedule, model.Spec.ClipSample);

        var (noiseRounds, schedulerRounds, inputRounds) = (new List<double>(), new List<double>(), new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < runs; i++)
                for (var n = 0; n < batch; n++) randoms[n].FillNormal(noise.AsSpan(n * itemSize, itemSize));
            noiseRounds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / runs);

            start = Stopwatch.GetTimestamp();
            for (var i = 0; i < runs; i++)
            {
                var t = scheduler.Timesteps[i % scheduler.Timesteps.Length];
                scheduler.Step(epsilon.AsSpan(0, state.Length), t, state, scheduler.Sigma(t) > 0 ? noise : ReadOnlySpan<float>.Empty);
            }
            schedulerRounds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / runs);

            start = Stopwatch.GetTimestamp();
            for (var i = 0; i < runs; i++)
            {
                Array.Fill(timesteps, i);
                for (var half = 0; half < rows / batch; half++) state.CopyTo(bound, half * state.Length);
                if (rows > batch) ClassifierFreeGuidance.Combine(epsilon.AsSpan(state.Length), epsilon.AsSpan(0, state.Length), 3f, guided);
            }
            inputRounds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / runs);
        }
        var (noiseSeconds, schedulerSeconds, inputSeconds) = (Median.Of(noiseRounds), Median.Of(schedulerRounds), Median.Of(inputRounds));
        return (noiseSeconds, schedulerSeconds, inputSeconds);
    }
}
