using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// <see cref="DiffusionStatePlacement.Device"/>: x_t in two tensors of the denoiser provider's memory that take turns as
/// the denoiser's input and the step graph's output (<see cref="SchedulerUpdateGraph"/>), with ε̂ in a third. Every
/// tensor is bound once: each (input, output) pair the loop uses has its own binding, so a step is two runs with no copy
/// of x_t and, on the CPU, no allocation. x_T comes in through a host tensor read by the first step, and x₀ goes out
/// into another, written by the last. The timestep, the labels, z and the step's constants are host tensors, bound again
/// before each run off the CPU (<see cref="HostInputBinding"/>). Owns its tensors and bindings; the sessions are the model's.
/// </summary>
internal sealed class DeviceDiffusionState : IDisposable
{
    // Where x_t is read from or written to: the host input of the first step, the two device tensors, the host result.
    private const int First = 0, A = 1, B = 2, Last = 3;

    private readonly OrtAllocator? deviceAllocator;        // null on the CPU (ONNX Runtime's default allocator)
    private readonly OrtMemoryInfo? deviceMemory;
    private readonly RunOptions runOptions = new();
    private readonly List<IDisposable> owned = new();
    private readonly HostInputBinding[] denoise = new HostInputBinding[3];          // by where x_t is read
    private readonly HostInputBinding?[,] step = new HostInputBinding?[3, 4];      // by where x_t is read and x_prev written
    private readonly float[] first, last, timestep, noise, coefficients;
    private readonly float[]? label;
    private int current;

    /// <param name="denoiser">The denoiser's session (not owned).</param>
    /// <param name="update">The step graph's session for this batch shape, on the denoiser's provider (not owned).</param>
    /// <param name="deviceId">The GPU, for CUDA and TensorRT.</param>
    /// <param name="batchSize">N.</param>
    /// <param name="rows">R, the rows of each denoiser run: 2N under classifier-free guidance, else N.</param>
    /// <param name="itemShape">One item's shape, without the batch.</param>
    /// <param name="classCount">K of the "label" input, or 0.</param>
    public DeviceDiffusionState(OnnxSession denoiser, OnnxSession update, int deviceId, int batchSize, int rows, long[] itemShape, int classCount)
    {
        long[] shape = [rows, .. itemShape];                              // [R, ...sample_shape]
        try
        {
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

            for (var from = First; from <= B; from++)
            {
                var binding = denoise[from] = Own(new HostInputBinding(denoiser));
                BindSample(binding, DiffusionManifestRules.Sample, from, states[from]);
                binding.BindHostInput(DiffusionManifestRules.Timestep, timestepValue);
                if (labelValue is not null) binding.BindHostInput(DiffusionManifestRules.Label, labelValue);
                binding.BindOutput(DiffusionManifestRules.Epsilon, epsilon);
            }
            foreach (var (from, to) in new[] { (First, A), (First, Last), (A, B), (B, A), (A, Last), (B, Last) })
            {
                var binding = step[from, to] = Own(new HostInputBinding(update));
                BindSample(binding, SchedulerUpdateGraph.Sample, from, states[from]);
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
    }

    /// <summary>
    /// One reverse step from <paramref name="t"/>: ε̂ = denoiser(x_t, t), then x_prev by <paramref name="rule"/> into the other
    /// device tensor, or into <see cref="Result"/> when <paramref name="isLast"/>. Allocates nothing on the CPU; off it, the
    /// host inputs' names when they are bound again.
    /// </summary>
    public void Step(int t, AffineStep rule, bool isLast)
    {
        timestep.AsSpan().Fill(t);
        rule.WriteCoefficients(coefficients);
        denoise[current].Run(runOptions);
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
    }

    /// <summary>x_t as an input: the host tensor of the first step, written between runs, or a device tensor.</summary>
    private static void BindSample(HostInputBinding binding, string name, int from, OrtValue state)
    {
        if (from == First) binding.BindHostInput(name, state);
        else binding.BindInput(name, state);
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
