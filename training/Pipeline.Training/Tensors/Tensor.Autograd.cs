using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

public sealed partial class Tensor
{
    public bool RequiresGrad
    {
        get => NativeMethods.pl_tensor_requires_grad(Handle) != 0;
        set => NativeMethods.Check(NativeMethods.pl_tensor_set_requires_grad(Handle, value ? 1 : 0));
    }

    public Tensor RequiresGrad_(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    public bool IsLeaf => NativeMethods.pl_tensor_is_leaf(Handle) != 0;

    /// <summary>The accumulated gradient (a new handle to it), or null when there is none.</summary>
    public Tensor? Grad
    {
        get
        {
            NativeMethods.Check(NativeMethods.pl_tensor_grad(Handle, out var grad));
            return grad == IntPtr.Zero ? null : new Tensor(grad);
        }
        set => NativeMethods.Check(NativeMethods.pl_tensor_set_grad(Handle, value?.Handle ?? IntPtr.Zero));
    }

    /// <summary>Keeps the gradient of a non-leaf tensor after Backward.</summary>
    public void RetainGrad() => NativeMethods.Check(NativeMethods.pl_tensor_retain_grad(Handle));

    /// <summary>
    /// Accumulates d(this)/d(leaf) into every leaf's <see cref="Grad"/>. A non-scalar tensor
    /// needs <paramref name="gradient"/>. With <paramref name="createGraph"/> the gradients
    /// are themselves differentiable.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool? retainGraph = null, bool createGraph = false)
    {
        var retain = retainGraph is null ? -1 : retainGraph.Value ? 1 : 0;
        NativeMethods.Check(NativeMethods.pl_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retain, createGraph ? 1 : 0));
    }
}
