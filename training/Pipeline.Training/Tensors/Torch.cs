using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

/// <summary>Process-wide settings of the engine, as in <c>torch.*</c>.</summary>
public static partial class Torch
{
    /// <summary>Intra-op threads libtorch uses (set to the machine's cores at start-up).</summary>
    public static int NumThreads
    {
        get => NativeMethods.pl_get_num_threads();
        set => NativeMethods.Check(NativeMethods.pl_set_num_threads(value));
    }

    public static int CudaDeviceCount => NativeMethods.pl_cuda_device_count();

    public static bool CudaIsAvailable => CudaDeviceCount > 0;

    /// <summary>Reseeds the default generator (used when a call passes none).</summary>
    public static void ManualSeed(long seed)
    {
        NativeMethods.Check(NativeMethods.pl_manual_seed(seed));
        Generator.ReseedDefault(seed);
    }

    /// <summary>Stops autograd recording on this thread until disposed: <c>using (Torch.NoGrad()) { ... }</c>.</summary>
    public static GradModeScope NoGrad() => new(false);

    /// <summary>Turns autograd recording on (e.g. inside a NoGrad block) until disposed.</summary>
    public static GradModeScope EnableGrad() => new(true);

    public static bool IsGradEnabled => NativeMethods.pl_is_grad_enabled() != 0;

    /// <summary>
    /// torch.autograd.grad: the gradients of Σ outputs·gradOutputs with respect to
    /// <paramref name="inputs"/> (null where an input is unused and <paramref name="allowUnused"/>).
    /// With <paramref name="createGraph"/> they can be differentiated again (gradient penalties).
    /// </summary>
    public static unsafe Tensor?[] Grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? gradOutputs = null,
        bool? retainGraph = null, bool createGraph = false, bool allowUnused = false)
    {
        if (gradOutputs is not null && gradOutputs.Length != outputs.Length)
            throw new ArgumentException($"{gradOutputs.Length} output gradients given for {outputs.Length} outputs");
        var outs = outputs.Select(t => t.Handle).ToArray();
        var ins = inputs.Select(t => t.Handle).ToArray();
        var grads = gradOutputs?.Select(t => t?.Handle ?? IntPtr.Zero).ToArray();
        var results = new IntPtr[inputs.Length];
        var retain = retainGraph is null ? -1 : retainGraph.Value ? 1 : 0;
        fixed (IntPtr* o = outs, i = ins, g = grads, r = results)
        {
            NativeMethods.Check(NativeMethods.pl_autograd_grad(o, outs.Length, grads is null ? null : g, i, ins.Length,
                retain, createGraph ? 1 : 0, allowUnused ? 1 : 0, r));
        }
        return results.Select(h => h == IntPtr.Zero ? null : new Tensor(h)).ToArray();
    }
}
