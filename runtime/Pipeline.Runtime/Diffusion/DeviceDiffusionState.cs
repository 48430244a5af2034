using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// <see cref="DiffusionStatePlacement.Device"/> and <see cref="DiffusionStatePlacement.CudaGraph"/>: x_t in two tensors of
/// the denoiser provider's memory that take turns as the denoiser's input and the step graph's output
/// (<see cref="SchedulerUpdateGraph"/>), with ε̂ in a third. Every tensor is bound once: each (input, output) pair the loop
/// uses has its own binding, so a step runs with no copy of x_t and, on the CPU, no allocation. x₀ goes out into a host
/// tensor written by the last step. z and the step's constants are host tensors, bound again before each run off the CPU
/// (<see cref="HostInputBinding"/>). Owns its tensors and bindings, and the denoiser only when told to; the other sessions
/// are the model's.
/// </summary>
/// <remarks>
/// Device: x_T, the timestep and the labels are host tensors too, x_T read by the first step.
/// CudaGraph (with a copying graph): every input and output of the denoiser is a tensor of the provider's memory, bound
/// once: the timestep and the labels get tensors there, which the copying graph fills from the host arrays, and x_T is
/// copied into A at the start, so no denoiser run binds anything again and a captured CUDA graph replays on the same
/// addresses. The denoiser runs under graph id 1 when it reads A and 2 when it reads B, always on the thread of the first
/// step (ONNX Runtime keeps the graphs per thread).
/// </remarks>
internal sealed class DeviceDiffusionState : IDisposable
{
    // Where x_t is read from or written to: the host input of the first step, the two device tensors, the host result.
    private const int First = 0, A = 1, B = 2, Last = 3;

    private readonly OrtAllocator? deviceAllocator;        // null on the CPU (ONNX Runtime's default allocator)
    private readonly OrtMemoryInfo? deviceMemory;
    private readonly RunOptions runOptions = new();
    private readonly RunOptions[] denoiseOptions = new RunOptions[3];               // by where x_t is read: with its graph id on CUDA
    private readonly int[] graphIds = new int[3];                                   // by where x_t is read: CudaGraph's ids, else 0
    private readonly List<IDisposable> owned = new();
    private readonly HostInputBinding?[] denoise = new HostInputBinding?[3];        // by where x_t is read
    private readonly HostInputBinding? copyStart, copyTimestep, copyLabel;         // CudaGraph: host arrays → the provider's tensors
    private readonly OnnxSession? ownedDenoiser;                                    // CudaGraph on CUDA: the capturing copy
    private readonly HostInputBinding?[,] step = new HostInputBinding?[3, 4];      // by where x_t is read and x_prev written
    private readonly float[] first, last, timestep, noise, coefficients;
    private readonly float[]? label;
    private int current;
    private int steppingThread;                                                     // CudaGraph: the first step's managed thread, or 0

    /// <param name="denoiser">The denoiser's session (owned only with <paramref name="ownsDenoiser"/>).</param>
    /// <param name="update">The step graph's session for this batch shape, on the denoiser's provider (not owned).</param>
    /// <param name="copy">The copying graph's session (not owned) for <see cref="DiffusionStatePlacement.CudaGraph"/>, else null.</param>
    /// <param name="ownsDenoiser">Whether to dispose <paramref name="denoiser"/> with the state (its CUDA-graph copy).</param>
    /// <param name="deviceId">The GPU, for CUDA and TensorRT.</param>
    /// <param name="batchSize">N.</param>
    /// <param name="rows">R, the rows of each denoiser run: 2N under classifier-free guidance, else N.</param>
    /// <param name="itemShape">One item's shape, without the batch.</param>
    /// <param name="classCount">K of the "label" input, or 0.</param>
    public DeviceDiffusionState(OnnxSession denoiser, OnnxSession update, OnnxSession? copy, bool ownsDenoiser, int deviceId,
                                int batchSize, int rows, long[] itemShape, int classCount)
    {
        long[] shape = [rows, .. itemShape];                              // [R, ...sample_shape]
        try
        {
            if (ownsDenoiser) ownedDenoiser = denoiser;
            if (denoiser.Provider != ExecutionProvider.Cpu)
            {
                deviceMemory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.Default);
                deviceAllocator = new OrtAllocator(denoiser.Session, deviceMemory);
            }
            var (firstValue, lastValue) = (Host(first = new float[Size(shape)], shape), Host(last = new float[Size(shape)], shape));
            var (deviceA, deviceB, epsilon) = (Device(shape), Device(shape), Device(shape));
            var timestepValue = Host(timestep = new float[rows], [rows]);
            var noiseValue = Host(noise = new float[batchSize * Size(itemShape)], [batchSize, .. itemShape]);
            var coefficientValue = Host(coefficients = new float[AffineStep.Count], [AffineStep.Count]);
            var labelValue = classCount > 0 ? Host(label = new float[rows * classCount], [rows, classCount]) : null;
            OrtValue[] states = [firstValue, deviceA, deviceB, lastValue];
            Array.Fill(denoiseOptions, runOptions);

            // The timestep and the labels: the host arrays, bound again before each run off the CPU; with the copying
            // graph, tensors of the provider's memory that it fills, so that no denoiser run binds anything again.
            var (timestepInput, labelInput) = (timestepValue, labelValue);
            if (copy is not null)
            {
                (timestepInput, labelInput) = (Device([rows]), labelValue is null ? null : Device([rows, classCount]));
                copyStart = Copying(copy, firstValue, deviceA);
                copyTimestep = Copying(copy, timestepValue, timestepInput);
                if (labelValue is not null) copyLabel = Copying(copy, labelValue, labelInput!);
            }
            for (var from = copy is null ? First : A; from <= B; from++)
            {
                var binding = denoise[from] = Own(new HostInputBinding(denoiser));
                Bind(binding, DiffusionManifestRules.Sample, states[from], host: from == First);
                Bind(binding, DiffusionManifestRules.Timestep, timestepInput, host: copy is null);
                if (labelInput is not null) Bind(binding, DiffusionManifestRules.Label, labelInput, host: copy is null);
                binding.BindOutput(DiffusionManifestRules.Epsilon, epsilon);
                if (copy is null) continue;
                graphIds[from] = from == A ? 1 : 2;
                if (denoiser.Provider != ExecutionProvider.Cuda) continue;
                denoiseOptions[from] = Own(new RunOptions());
                denoiseOptions[from].AddRunConfigEntry(OnnxSession.CudaGraphIdKey, graphIds[from].ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            foreach (var (from, to) in new[] { (First, A), (First, Last), (A, B), (B, A), (A, Last), (B, Last) })
            {
                if (copy is not null && from == First) continue;       // x_T is copied into A
                var binding = step[from, to] = Own(new HostInputBinding(update));
                Bind(binding, SchedulerUpdateGraph.Sample, states[from], host: from == First);
                binding.BindInput(SchedulerUpdateGraph.Epsilon, epsilon);
                binding.BindHostInput(SchedulerUpdateGraph.Noise, noiseValue);
                binding.BindHostInput(SchedulerUpdateGraph.Coefficients, coefficientValue);
                binding.BindOutput(SchedulerUpdateGraph.Next, states[to]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The rows of the "label" input (one-hot, [R, K]), written by the sampler; empty when unconditional.</summary>
    public Span<float> Label => label;

    /// <summary>z of the next step, [N, ...sample_shape], written by the sampler before <see cref="Step"/>.</summary>
    public Span<float> Noise => noise;

    /// <summary>x₀ after the last step, [R, ...sample_shape] (rows 0..N−1 are the batch).</summary>
    public ReadOnlySpan<float> Result => last;

    /// <summary>Starts a generation from <paramref name="initial"/> x_T [N, ...], written into every group of N rows.</summary>
    public void Start(ReadOnlySpan<float> initial)
    {
        for (var offset = 0; offset < first.Length; offset += initial.Length) initial.CopyTo(first.AsSpan(offset));
        current = First;
        if (copyStart is null) return;
        copyStart.Run(runOptions);
        copyLabel?.Run(runOptions);
        current = A;
    }

    /// <summary>
    /// One reverse step from <paramref name="t"/>: ε̂ = denoiser(x_t, t), then x_prev by <paramref name="rule"/> into the other
    /// device tensor, or into <see cref="Result"/> when <paramref name="isLast"/>. Allocates nothing on the CPU; off it, the
    /// host inputs' names when they are bound again.
    /// </summary>
    public void Step(int t, AffineStep rule, bool isLast)
    {
        timestep.AsSpan().Fill(t);
        if (copyTimestep is not null)           // CudaGraph: on one thread, t copied into the denoiser's own tensor
        {
            KeepToOneThread();
            copyTimestep.Run(runOptions);
        }
        rule.WriteCoefficients(coefficients);
        denoise[current]!.Run(denoiseOptions[current]);
        var next = isLast ? Last : current == A ? B : A;
        step[current, next]!.Run(runOptions);
        current = next;
    }

    public void Dispose()
    {
        for (var i = owned.Count - 1; i >= 0; i--) owned[i].Dispose();
        owned.Clear();
        runOptions.Dispose();
        deviceAllocator?.Dispose();
        deviceMemory?.Dispose();
        ownedDenoiser?.Dispose();           // last: the allocator is this session's
    }

    /// <summary>A run of the copying graph that writes <paramref name="source"/> (host) into <paramref name="target"/>.</summary>
    private HostInputBinding Copying(OnnxSession copy, OrtValue source, OrtValue target)
    {
        var binding = Own(new HostInputBinding(copy));
        binding.BindHostInput(CopyGraph.Source, source);
        binding.BindOutput(CopyGraph.Target, target);
        return binding;
    }

    /// <summary>The denoiser's CUDA graph id by where x_t is read (First, A, B): 1 and 2 for CudaGraph's A and B, else 0.</summary>
    internal ReadOnlySpan<int> DenoiserGraphIds => graphIds;

    /// <summary>
    /// CudaGraph: steps run on the thread that ran the first. ONNX Runtime keeps a session's CUDA graphs per thread, and on
    /// another would capture them again, a copy more of the network's GPU memory each time.
    /// </summary>
    private void KeepToOneThread()
    {
        var thread = Environment.CurrentManagedThreadId;
        if (steppingThread == 0) steppingThread = thread;
        else if (thread != steppingThread)
            throw new InvalidOperationException($"a CudaGraph sampler steps on the thread of its first step (managed thread {steppingThread}, not {thread}): " +
                                                "ONNX Runtime keeps its CUDA graphs per thread. Step it on that thread, or create a sampler on each thread");
    }

    /// <summary>Whether every input of the denoiser's runs stays bound where it is (no host input bound again): what a CUDA graph replays.</summary>
    internal bool DenoiserInputsStayPut => denoise.All(binding => binding is null || binding.HostInputCount == 0);

    /// <summary>Binds <paramref name="value"/> as input <paramref name="name"/>: a host tensor, written between runs, or one of the provider's memory.</summary>
    private static void Bind(HostInputBinding binding, string name, OrtValue value, bool host)
    {
        if (host) binding.BindHostInput(name, value);
        else binding.BindInput(name, value);
    }

    private OrtValue Host(float[] buffer, long[] shape) => Own(OrtValue.CreateTensorValueFromMemory(buffer, shape));

    private OrtValue Device(long[] shape) =>
        Own(OrtValue.CreateAllocatedTensorValue(deviceAllocator ?? OrtAllocator.DefaultInstance, TensorElementType.Float, shape));

    private T Own<T>(T value) where T : IDisposable
    {
        owned.Add(value);
        return value;
    }

    private static int Size(long[] shape) => (int)shape.Aggregate(1L, (a, d) => a * d);
}
