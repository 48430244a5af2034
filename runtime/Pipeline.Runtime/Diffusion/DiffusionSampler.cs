using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// One generation of a fixed batch, a reverse step at a time, so a game can spread it over frames:
/// <c>Reset(seed, labels)</c>, then <c>Step()</c> until it returns false, then <c>Result()</c>.
/// Created by <see cref="DiffusionModel.CreateSampler"/> for a batch size and options; owns its buffers, OrtValues and
/// IoBinding (dispose it), and may be reset and reused for any number of generations. Not thread-safe (use one per thread).
/// </summary>
/// <remarks>
/// <see cref="Step"/> allocates nothing on the managed heap: the denoiser's inputs and output are bound once, the
/// timestep tensor and the samples are written in place, and the noise comes from one <see cref="SeededRandom"/> per item.
/// With <see cref="DiffusionStatePlacement.Device"/> and <see cref="DiffusionStatePlacement.CudaGraph"/>, x_t stays in the
/// provider's memory and each step runs there as a graph (<see cref="DeviceDiffusionState"/>).
/// </remarks>
public sealed class DiffusionSampler : IStepwiseSampler
{
    private readonly DiffusionModel model;
    private readonly IDiffusionScheduler scheduler;
    private readonly DenoiserBinding? binding;           // Host: x_t and ε̂ in managed memory
    private readonly DeviceDiffusionState? device;       // Device, CudaGraph: x_t in the provider's memory
    private readonly GuidanceMode mode;
    private readonly int itemSize, classCount;
    private readonly float[] state;        // x_t, [N, ...sample_shape]
    private readonly float[] guided;       // ε̂ after guidance, [N, ...sample_shape] (empty unless guided)
    private readonly float[] noise;        // z of one step, [N, ...sample_shape] (on the host)
    private readonly SeededRandom[] randoms;
    private KnownRegion? knownRegion;
    private bool inpainting;
    private bool started;

    internal DiffusionSampler(DiffusionModel model, int batchSize, DiffusionSamplingOptions options)
    {
        this.model = model;
        BatchSize = batchSize;
        var spec = model.Spec;
        itemSize = spec.SampleSize;
        classCount = model.ClassCount;
        var w = options.GuidanceScale ?? spec.GuidanceScale;
        mode = !model.IsConditional ? GuidanceMode.None : w == 1 ? GuidanceMode.Conditional : w == 0 ? GuidanceMode.NullLabel : GuidanceMode.Guided;
        GuidanceScale = model.IsConditional ? w : 0;
        scheduler = options.CreateScheduler(model.Schedule, spec.ClipSample);
        state = new float[batchSize * itemSize];
        noise = options.StatePlacement == DiffusionStatePlacement.Host ? new float[batchSize * itemSize] : [];   // the device state has its own
        guided = mode == GuidanceMode.Guided ? new float[batchSize * itemSize] : Array.Empty<float>();
        randoms = Enumerable.Range(0, batchSize).Select(_ => new SeededRandom(0)).ToArray();
        if (options.StatePlacement == DiffusionStatePlacement.Host)
            binding = new DenoiserBinding(model.DenoiserSession, NetworkBatchSize, spec.SampleShape, classCount);
        else
        {
            var graph = model.StepGraph(batchSize, mode == GuidanceMode.Guided ? GuidanceScale : null, scheduler.Affine(scheduler.Timesteps[0]));
            var cudaGraph = options.StatePlacement == DiffusionStatePlacement.CudaGraph;
            if (cudaGraph && model.Provider == ExecutionProvider.TensorRT)
                throw new NotSupportedException("CUDA graphs are captured on the CUDA provider only: open the package with Provider = Cuda, or sample with StatePlacement = Device");
            // CudaGraph on CUDA: a denoiser of the sampler's own, which captures; on the CPU the model's, nothing to capture.
            var captures = cudaGraph && model.Provider == ExecutionProvider.Cuda;
            device = new DeviceDiffusionState(captures ? model.OpenDenoiserWithCudaGraphs() : model.DenoiserSession, graph, cudaGraph ? model.CopySession : null,
                                              ownsDenoiser: captures, model.Options.DeviceId, batchSize, NetworkBatchSize, spec.SampleShape, classCount);
        }
        StatePlacement = options.StatePlacement;
    }

    /// <summary>Where x_t stays between steps.</summary>
    public DiffusionStatePlacement StatePlacement { get; }

    /// <summary>Items generated together (N).</summary>
    public int BatchSize { get; }

    /// <summary>Rows per denoiser call: N, or 2N when classifier-free guidance runs both halves.</summary>
    public int NetworkBatchSize => mode == GuidanceMode.Guided ? 2 * BatchSize : BatchSize;

    /// <summary>The guidance scale w in use (0 for an unconditional package).</summary>
    public double GuidanceScale { get; }

    /// <summary>The timesteps the generation visits, largest first: step k runs the denoiser at Timesteps[k].</summary>
    public ReadOnlySpan<int> Timesteps => scheduler.Timesteps;

    /// <summary>Reverse steps of one generation.</summary>
    public int TotalSteps => scheduler.Timesteps.Length;

    /// <summary>Reverse steps done since <see cref="Reset"/>.</summary>
    public int StepsDone { get; private set; }

    /// <summary>True once every step is done: <see cref="Result"/> is ready.</summary>
    public bool IsComplete => started && StepsDone == TotalSteps;

    /// <summary>
    /// The current sample x_t in the denoiser's space, [N, ...sample_shape] (pixels in [−1, 1], or latent codes). With
    /// <see cref="DiffusionStatePlacement.Device"/> and <see cref="DiffusionStatePlacement.CudaGraph"/> x_t stays on the device:
    /// this is x_T until the last step brings x₀ back.
    /// </summary>
    public ReadOnlySpan<float> Current => state;

    /// <summary>
    /// Starts a generation: x_T ~ N(0, I). Item n draws all its noise from its own stream of (<paramref name="seed"/>,
    /// <paramref name="firstItem"/> + n), so a chunk of a larger batch gets the same noise as in one big batch.
    /// </summary>
    /// <param name="seed">Same seed, same result, bit for bit.</param>
    /// <param name="labels">One class per item for conditional packages (ignored at guidance scale 0); empty otherwise.</param>
    /// <param name="firstItem">The index of this batch's first item in a larger request.</param>
    public void Reset(long seed, ReadOnlySpan<int> labels = default, int firstItem = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstItem);
        WriteLabels(labels);
        for (var n = 0; n < BatchSize; n++)
        {
            randoms[n].Reset(NoiseStreams.ItemSeed(seed, firstItem + (long)n));
            randoms[n].FillNormal(state.AsSpan(n * itemSize, itemSize));
        }
        device?.Start(state);
        StepsDone = 0;
        inpainting = false;
        started = true;
    }

    /// <summary>
    /// Makes this generation an inpainting (pixel diffusion only; call after <see cref="Reset"/>, before the first step):
    /// the pixels where <paramref name="mask"/> is true are kept from <paramref name="known"/> (RePaint), and equal it exactly in
    /// <see cref="Result"/>. The mask has one value per pixel of the batch, or one image's worth shared by all.
    /// </summary>
    /// <param name="known">N images of the package's size, intensities in [0, 1].</param>
    /// <param name="mask">True = known pixel.</param>
    /// <param name="resampling">RePaint's resampling: reverse steps per timestep (1 = none).</param>
    public void SetKnownRegion(ImageBatch known, ReadOnlySpan<bool> mask, int resampling = 1)
    {
        ArgumentNullException.ThrowIfNull(known);
        if (model.IsLatent) throw new NotSupportedException($"{model.Manifest.Name} is a latent diffusion package: inpainting needs a pixel-diffusion package");
        if (device is not null)
            throw new NotSupportedException($"inpainting merges the known pixels into x_t on the host after every step, which {StatePlacement} keeps on the device: sample with StatePlacement = Host");
        if (!started || StepsDone > 0) throw new InvalidOperationException("set the known region right after Reset, before the first Step");
        var image = model.Manifest.Image;
        if (known.Count != BatchSize || known.Channels != image.Channels || known.Height != image.Height || known.Width != image.Width)
            throw new ArgumentException($"pass {BatchSize} images of {image.Channels}×{image.Height}×{image.Width}; got {known.Count} of {known.Channels}×{known.Height}×{known.Width}", nameof(known));
        if (mask.Length != itemSize && mask.Length != state.Length)
            throw new ArgumentException($"the mask needs one value per pixel: {itemSize} (one image, shared) or {state.Length} (every image); got {mask.Length}", nameof(mask));
        if (resampling < 1) throw new ArgumentOutOfRangeException(nameof(resampling), resampling, "use 1 (no resampling) or more reverse steps per timestep");
        known.CheckFinite("inpainting input");
        knownRegion ??= new KnownRegion(BatchSize, itemSize);
        knownRegion.Set(known.Pixels, mask, image.PixelScaling == PixelScaling.MinusOneOne, resampling);
        inpainting = true;
    }

    /// <summary>
    /// Runs the next reverse step (x_t → x_prev) in place; returns true while steps remain after it, false once the
    /// generation is complete (then it does nothing). Allocates nothing.
    /// </summary>
    public bool Step()
    {
        if (!started) throw new InvalidOperationException("call Reset(seed, labels) before Step()");
        if (StepsDone == TotalSteps) return false;
        var t = scheduler.Timesteps[StepsDone];
        if (device is not null) return DeviceStep(t);
        var prev = scheduler.PreviousTimestep(t);
        var sigma = scheduler.Sigma(t);
        var schedule = scheduler.Schedule;
        // RePaint's U passes jump back to t between them, which the last step (prev = −1) cannot: it runs once (Lugmayr
        // et al. 2022, alg. 1: the jump back needs t > 1, and without it a pass again would start from x₀, not x_1).
        var passes = inpainting && prev >= 0 ? knownRegion!.Resampling : 1;
        for (var pass = 0; pass < passes; pass++)
        {
            // 1. ε̂(x_t, t [, c]), guided.
            var epsilon = PredictNoise(t);
            // 2. z ~ N(0, I) when the step adds noise, then the scheduler's step x_t → x_prev.
            if (sigma > 0)
                for (var n = 0; n < BatchSize; n++) randoms[n].FillNormal(noise.AsSpan(n * itemSize, itemSize));
            scheduler.Step(epsilon, t, state, sigma > 0 ? noise : ReadOnlySpan<float>.Empty);
            if (!inpainting) continue;
            // 3. RePaint: known pixels from the forward process at prev; resampling jumps back to t.
            knownRegion!.Merge(state, schedule.AlphaCumprodAt(prev), randoms);
            if (pass + 1 < passes && prev >= 0)
                knownRegion.Renoise(state, schedule.AlphasCumprod[t], schedule.AlphaCumprodAt(prev), randoms);
        }
        StepsDone++;
        return StepsDone < TotalSteps;
    }

    /// <summary>The step on the device: z drawn here, ε̂ and x_prev there; x₀ comes back after the last.</summary>
    private bool DeviceStep(int t)
    {
        var rule = scheduler.Affine(t);
        if (rule.Sigma > 0)
            for (var n = 0; n < BatchSize; n++) randoms[n].FillNormal(device!.Noise.Slice(n * itemSize, itemSize));
        var isLast = StepsDone + 1 == TotalSteps;
        device!.Step(t, rule, isLast);
        if (isLast) device.Result[..state.Length].CopyTo(state);
        StepsDone++;
        return StepsDone < TotalSteps;
    }

    /// <summary>Runs the remaining steps; reports <see cref="StepsDone"/> after each and throws <see cref="OperationCanceledException"/> between steps when cancelled.</summary>
    public void Run(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!started) throw new InvalidOperationException("call Reset(seed, labels) before Run()");
        StepwiseSampling.RunToEnd(this, progress, cancellationToken);
    }

    /// <summary>The finished images in [0, 1] (latent diffusion: the decoded codes z / latent_scale).</summary>
    public ImageBatch Result()
    {
        if (!IsComplete) throw new InvalidOperationException($"the generation is not finished ({StepsDone} of {TotalSteps} steps): call Step() until it returns false");
        var images = model.ToImages(state, BatchSize);
        if (inpainting) knownRegion!.Paste(images.Pixels);
        return images;
    }

    /// <summary>Releases the OrtValues and the IoBindings.</summary>
    public void Dispose()
    {
        binding?.Dispose();
        device?.Dispose();
    }

    /// <summary>ε̂ for the current state at <paramref name="t"/>: one pass, or two halves combined by classifier-free guidance.</summary>
    private ReadOnlySpan<float> PredictNoise(int t)
    {
        var binding = this.binding!;
        binding.Timestep.Fill(t);
        state.CopyTo(binding.Sample);                                            // rows 0..N−1: x_t with the labels (or none)
        if (mode == GuidanceMode.Guided) state.CopyTo(binding.Sample[state.Length..]);   // rows N..2N−1: x_t with ∅
        binding.Run();
        if (mode != GuidanceMode.Guided) return binding.Epsilon;
        var conditional = binding.Epsilon[..state.Length];
        var unconditional = binding.Epsilon[state.Length..];
        ClassifierFreeGuidance.Combine(unconditional, conditional, (float)GuidanceScale, guided);
        return guided;
    }

    /// <summary>One-hot labels into rows 0..N−1 of the label input; rows N..2N−1 (guided) and NullLabel rows stay all zero.</summary>
    private void WriteLabels(ReadOnlySpan<int> labels)
    {
        if (mode == GuidanceMode.None)
        {
            if (!labels.IsEmpty) throw new ArgumentException($"{model.Manifest.Name} is not conditional: pass no labels", nameof(labels));
            return;
        }
        if (mode == GuidanceMode.NullLabel && labels.IsEmpty) return;
        if (labels.Length != BatchSize)
            throw new ArgumentException($"{model.Manifest.Name} is conditional: pass one class label per item ({BatchSize}), each in 0..{classCount - 1}", nameof(labels));
        foreach (var label in labels)
            if ((uint)label >= (uint)classCount)
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"class labels are 0..{classCount - 1} ({string.Join(", ", model.Manifest.Classes!.Names)})");
        if (mode == GuidanceMode.NullLabel) return;
        var rows = (binding is null ? device!.Label : binding.Label)[..(BatchSize * classCount)];
        rows.Clear();
        for (var n = 0; n < BatchSize; n++) rows[n * classCount + labels[n]] = 1;
    }
}
