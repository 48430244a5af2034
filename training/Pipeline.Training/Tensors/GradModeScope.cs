using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

/// <summary>Sets autograd recording on or off for this thread, and restores it when disposed.</summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool previous;

    internal GradModeScope(bool enabled) => previous = NativeMethods.pl_set_grad_enabled(enabled ? 1 : 0) != 0;

    public void Dispose() => NativeMethods.pl_set_grad_enabled(previous ? 1 : 0);
}
