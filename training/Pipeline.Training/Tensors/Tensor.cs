using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

/// <summary>
/// An n-dimensional array in libtorch, with autograd. A tensor owns one native handle:
/// dispose it, or create it inside a <see cref="DisposeScope"/> that does. Operations
/// return new tensors (views share storage, as in PyTorch); methods ending in an
/// underscore modify the tensor in place.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private IntPtr handle;

    internal Tensor(IntPtr handle)
    {
        this.handle = handle;
        DisposeScope.Current?.Register(this);
    }

    ~Tensor() => Release();

    internal IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(Tensor), "this tensor was disposed (its dispose scope may have ended: keep it with MoveToOuterScope)");

    internal DisposeScope? Scope { get; set; }

    public bool IsDisposed => handle == IntPtr.Zero;

    internal static Tensor Wrap(IntPtr handle) => new(NativeMethods.Check(handle));

    /// <summary>Takes the tensor out of its dispose scope: the caller now owns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope = null;
        return this;
    }

    /// <summary>Hands the tensor to the scope around the current one (or to the caller when there is none).</summary>
    public Tensor MoveToOuterScope()
    {
        var outer = Scope?.Outer;
        Scope = null;
        outer?.Register(this);
        return this;
    }

    /// <summary>Points this object at another native tensor, releasing the old one (keeps identity for modules).</summary>
    internal void ReplaceWith(Tensor other)
    {
        var next = other.handle;
        other.handle = IntPtr.Zero;
        GC.SuppressFinalize(other);
        var previous = Interlocked.Exchange(ref handle, next);
        if (previous != IntPtr.Zero) NativeMethods.pl_tensor_free(previous);
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) NativeMethods.pl_tensor_free(h);
    }

    public int Dim => (int)NativeMethods.pl_tensor_dim(Handle);

    public unsafe long[] Shape
    {
        get
        {
            var shape = new long[Dim];
            fixed (long* p = shape) NativeMethods.Check(NativeMethods.pl_tensor_shape(Handle, p));
            return shape;
        }
    }

    /// <summary>Size of one dimension (negative counts from the end).</summary>
    public long Size(int dim)
    {
        var shape = Shape;
        var d = dim < 0 ? dim + shape.Length : dim;
        if (d < 0 || d >= shape.Length)
            throw new ArgumentOutOfRangeException(nameof(dim), $"dimension {dim} is out of range for a {shape.Length}-d tensor");
        return shape[d];
    }

    public long NumberOfElements => NativeMethods.pl_tensor_numel(Handle);

    public DType DType => (DType)NativeMethods.pl_tensor_dtype(Handle);

    public Device Device => new((DeviceType)NativeMethods.pl_tensor_device_type(Handle), NativeMethods.pl_tensor_device_index(Handle));

    public bool IsContiguous => NativeMethods.pl_tensor_is_contiguous(Handle) != 0;

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    public override string ToString()
    {
        if (IsDisposed) return "Tensor(disposed)";
        var text = NativeMethods.Check(NativeMethods.pl_tensor_to_string(Handle));
        try
        {
            return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(text) ?? string.Empty;
        }
        finally
        {
            NativeMethods.pl_free_string(text);
        }
    }
}
