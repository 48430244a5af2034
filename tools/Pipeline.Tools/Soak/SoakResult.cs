using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Soak;

/// <summary>
/// What a long run of one case measured: resident memory (VmRSS) and live TorchSharp tensors after the first tenth of the
/// training steps and at their end, then resident memory after the first tenth of the runtime's sampler steps and at their end.
/// </summary>
public sealed record SoakResult(
    ModelFamily Family, string Model, long TrainSteps, long EarlyTrainBytes, long LateTrainBytes, long EarlyTensors, long LateTensors,
    long SamplerSteps, string SamplerStep, long EarlySampleBytes, long LateSampleBytes, TimeSpan Elapsed)
{
    /// <summary>(late − early) / early of the training's resident memory.</summary>
    public double TrainDrift => (double)(LateTrainBytes - EarlyTrainBytes) / EarlyTrainBytes;

    /// <summary>(late − early) / early of the sampler's resident memory.</summary>
    public double SampleDrift => (double)(LateSampleBytes - EarlySampleBytes) / EarlySampleBytes;
}
