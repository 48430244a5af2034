using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

public sealed partial class Tensor
{
    /// <summary>Copies .NET values into a new CPU tensor of the given shape (the whole span when no shape is given).</summary>
    public static unsafe Tensor From<T>(ReadOnlySpan<T> data, params long[] shape) where T : unmanaged
    {
        if (shape.Length == 0 && data.Length != 1) shape = new long[] { data.Length };
        long count = 1;
        foreach (var s in shape) count *= s;
        if (count != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements but {data.Length} values were given");
        fixed (T* p = data)
        fixed (long* s = shape)
        {
            return Wrap(NativeMethods.pl_tensor_from_data(p, (long)data.Length * sizeof(T), s, shape.Length, (int)DTypeExtensions.Of<T>()));
        }
    }

    public static Tensor From<T>(T[] data, params long[] shape) where T : unmanaged => From((ReadOnlySpan<T>)data, shape);

    /// <summary>A 0-dim tensor holding one value.</summary>
    public static unsafe Tensor FromScalar<T>(T value) where T : unmanaged =>
        Wrap(NativeMethods.pl_tensor_from_data(&value, sizeof(T), null, 0, (int)DTypeExtensions.Of<T>()));

    /// <summary>Copies the elements (row-major) into a new array; the dtype must hold <typeparamref name="T"/> values.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var result = new T[NumberOfElements];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the elements (row-major) into <paramref name="destination"/>, which must be exactly as long.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        var dtype = DType;
        if (dtype != DTypeExtensions.Of<T>())
            throw new InvalidOperationException($"the tensor holds {dtype.Name()} values, not {typeof(T).Name}: convert it with To(DType.{DTypeExtensions.Of<T>()}) first");
        fixed (T* p = destination)
        {
            NativeMethods.Check(NativeMethods.pl_tensor_copy_to(Handle, p, (long)destination.Length * sizeof(T)));
        }
    }

    /// <summary>
    /// The elements of a contiguous CPU tensor, in place (no copy). The span is valid only while
    /// this tensor (and its storage) lives.
    /// </summary>
    public unsafe Span<T> AsSpan<T>() where T : unmanaged
    {
        if (DType != DTypeExtensions.Of<T>())
            throw new InvalidOperationException($"the tensor holds {DType.Name()} values, not {typeof(T).Name}");
        var p = NativeMethods.Check(NativeMethods.pl_tensor_data_ptr(Handle));
        return new Span<T>((void*)p, checked((int)NumberOfElements));
    }

    /// <summary>The value of a one-element tensor.</summary>
    public double ToDouble()
    {
        NativeMethods.Check(NativeMethods.pl_tensor_item_double(Handle, out var value));
        return value;
    }

    public float ToSingle() => (float)ToDouble();

    public long ToInt64()
    {
        NativeMethods.Check(NativeMethods.pl_tensor_item_long(Handle, out var value));
        return value;
    }

    public bool ToBoolean() => ToInt64() != 0;

    public Tensor To(DType dtype) => Wrap(NativeMethods.pl_tensor_to(Handle, (int)dtype, (int)Device.Type, Device.Index, 0));

    public Tensor To(Device device) => Wrap(NativeMethods.pl_tensor_to(Handle, (int)DType, (int)device.Type, device.Index, 0));

    public Tensor To(DType dtype, Device device) => Wrap(NativeMethods.pl_tensor_to(Handle, (int)dtype, (int)device.Type, device.Index, 0));

    public Tensor Float() => To(DType.Float32);

    public Tensor Double() => To(DType.Float64);

    public Tensor Long() => To(DType.Int64);

    public Tensor Cpu() => To(Device.Cpu);

    public Tensor Clone() => Wrap(NativeMethods.pl_tensor_clone(Handle));

    /// <summary>A tensor sharing storage but cut from the autograd graph.</summary>
    public Tensor Detach() => Wrap(NativeMethods.pl_tensor_detach(Handle));

    public Tensor Contiguous() => Wrap(NativeMethods.pl_tensor_contiguous(Handle));

    /// <summary>A second handle to the same tensor (same storage, same autograd identity).</summary>
    public Tensor Alias() => Wrap(NativeMethods.pl_tensor_alias(Handle));

    public bool Equal(Tensor other)
    {
        NativeMethods.Check(NativeMethods.pl_tensor_equal(Handle, other.Handle, out var result));
        return result != 0;
    }

    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
    {
        NativeMethods.Check(NativeMethods.pl_tensor_allclose(Handle, other.Handle, rtol, atol, out var result));
        return result != 0;
    }
}
