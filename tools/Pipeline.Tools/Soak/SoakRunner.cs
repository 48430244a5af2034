using System.Diagnostics;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Commands;
using Pipeline.Tools.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Soak;

/// <summary>
/// Runs one <see cref="SoakCase"/>: trains its model for the given steps, sampling resident memory and TorchSharp's live
/// tensor count after a tenth of them and at the end; exports it; then runs the runtime's sampler for as many steps (a
/// reverse-diffusion or autoregressive step of a batch of 8, or one batch of 8 for the one-pass families), sampling
/// resident memory the same way. Every reading follows a full collection (<see cref="ResidentMemory.BytesAfterFullCollection"/>):
/// without it, the first reading caught the collector's slack of the first thousand steps, which later collections gave
/// back, and drifts of −23 to −30% said nothing about leaks.
/// </summary>
public static class SoakRunner
{
    private const int Batch = 8;

    public static SoakResult Run(SoakCase soak, ImageDataset images, long trainSteps, long samplerSteps, string workDirectory)
    {
        var clock = Stopwatch.StartNew();
        random.manual_seed(1);
        using var model = soak.Build();
        var kind = ((ICheckpointable)model).ModelKind;
        // Both readings at a progress report, inside a step's dispose scope, so they count the same kind of moment.
        var (early, late) = ((Bytes: 0L, Tensors: 0L), (Bytes: 0L, Tensors: 0L));
        var progress = new SynchronousProgress(p =>
        {
            var (first, last) = (early.Bytes == 0 && p.Step >= trainSteps / 10, p.Step >= trainSteps);
            if (!first && !last) return;
            var now = (ResidentMemory.BytesAfterFullCollection(), torch.Tensor.TotalCount);
            if (first) early = now;
            if (last) late = now;
        });
        soak.Train(model, images, new TrainingOptions { Epochs = int.MaxValue, BatchSize = 32, MaxSteps = trainSteps }, progress);

        var directory = Path.Combine(workDirectory, kind);
        PackageExporter.Export(model, kind, directory, trainingImages: () => images);
        using var package = ModelPackage.Open(directory);
        var (step, name, sampler) = Stepper(package);
        using var owned = sampler;
        long earlySample = 0;
        for (long s = 1; s <= samplerSteps; s++)
        {
            step(s);
            if (s == Math.Max(1, samplerSteps / 10)) earlySample = ResidentMemory.BytesAfterFullCollection();
        }
        return new SoakResult(soak.Family, kind, trainSteps, early.Bytes, late.Bytes, early.Tensors, late.Tensors,
            samplerSteps, name, earlySample, ResidentMemory.BytesAfterFullCollection(), clock.Elapsed);
    }

    /// <summary>One sampler step of a package, what a step is, and the stepwise sampler it drives (to dispose), if any.</summary>
    private static (Action<long> Step, string Name, IStepwiseSampler? Sampler) Stepper(IGenerativeModel package)
    {
        var labels = package.Manifest.Classes is { Count: > 0 } ? new int[Batch] : null;
        IStepwiseSampler? sampler = package switch
        {
            DiffusionModel d => d.CreateSampler(Batch, DiffusionSamplingOptions.Ddim(10)),
            Pipeline.Runtime.Autoregressive.AutoregressiveModel a => a.CreateSampler(Batch),
            Pipeline.Runtime.Quantized.VectorQuantizedModel q => q.CreateSampler(Batch),
            _ => null,
        };
        if (sampler is null) return (seed => package.Sample(Batch, seed, labels is null ? null : 0), $"a batch of {Batch}", null);
        var kept = sampler;
        var running = false;
        return (seed =>
        {
            if (!running) kept.Reset(seed, labels);   // a new generation once the last one is done
            running = kept.Step();
        }, $"one step of {Batch} ({(package is DiffusionModel ? "DDIM-10" : "a position")})", kept);
    }
}
