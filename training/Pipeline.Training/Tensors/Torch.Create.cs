using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

public static partial class Torch
{
    private static Tensor Finish(IntPtr handle, bool requiresGrad)
    {
        var tensor = Tensor.Wrap(handle);
        if (requiresGrad) tensor.RequiresGrad = true;
        return tensor;
    }

    public static Tensor Zeros(params long[] shape) => Zeros(shape, DType.Float32);

    public static unsafe Tensor Zeros(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.Cpu;
        fixed (long* s = shape) return Finish(NativeMethods.pl_zeros(s, shape.Length, (int)dtype, (int)d.Type, d.Index), requiresGrad);
    }

    public static Tensor Ones(params long[] shape) => Ones(shape, DType.Float32);

    public static unsafe Tensor Ones(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.Cpu;
        fixed (long* s = shape) return Finish(NativeMethods.pl_ones(s, shape.Length, (int)dtype, (int)d.Type, d.Index), requiresGrad);
    }

    /// <summary>Uninitialized memory of the given shape.</summary>
    public static unsafe Tensor Empty(long[] shape, DType dtype = DType.Float32, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        fixed (long* s = shape) return Tensor.Wrap(NativeMethods.pl_empty(s, shape.Length, (int)dtype, (int)d.Type, d.Index));
    }

    public static unsafe Tensor Full(long[] shape, Scalar value, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.Cpu;
        fixed (long* s = shape) return Finish(NativeMethods.pl_full(s, shape.Length, value, (int)dtype, (int)d.Type, d.Index), requiresGrad);
    }

    public static Tensor ZerosLike(Tensor t) => Zeros(t.Shape, t.DType, t.Device);

    public static Tensor OnesLike(Tensor t) => Ones(t.Shape, t.DType, t.Device);

    public static Tensor FullLike(Tensor t, Scalar value) => Full(t.Shape, value, t.DType, t.Device);

    /// <summary>Values start, start+step, ... below end (int64 unless a dtype is given).</summary>
    public static Tensor Arange(Scalar start, Scalar end, Scalar? step = null, DType dtype = DType.Int64, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        return Tensor.Wrap(NativeMethods.pl_arange(start, end, step ?? 1, (int)dtype, (int)d.Type, d.Index));
    }

    public static Tensor Arange(long end, DType dtype = DType.Int64, Device? device = null) => Arange(0, end, 1, dtype, device);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor Linspace(double start, double end, long steps, DType dtype = DType.Float32, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        return Tensor.Wrap(NativeMethods.pl_linspace(start, end, steps, (int)dtype, (int)d.Type, d.Index));
    }

    public static Tensor Eye(long n, DType dtype = DType.Float32, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        return Tensor.Wrap(NativeMethods.pl_eye(n, (int)dtype, (int)d.Type, d.Index));
    }

    /// <summary>Standard normal samples.</summary>
    public static unsafe Tensor Randn(long[] shape, Generator? generator = null, DType dtype = DType.Float32, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        fixed (long* s = shape) return Tensor.Wrap(NativeMethods.pl_randn(s, shape.Length, (int)dtype, (int)d.Type, d.Index, (generator ?? Generator.Default).Handle));
    }

    /// <summary>Uniform samples in [0, 1).</summary>
    public static unsafe Tensor Rand(long[] shape, Generator? generator = null, DType dtype = DType.Float32, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        fixed (long* s = shape) return Tensor.Wrap(NativeMethods.pl_rand(s, shape.Length, (int)dtype, (int)d.Type, d.Index, (generator ?? Generator.Default).Handle));
    }

    /// <summary>Uniform integers in [low, high).</summary>
    public static unsafe Tensor RandInt(long low, long high, long[] shape, Generator? generator = null, DType dtype = DType.Int64, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        fixed (long* s = shape) return Tensor.Wrap(NativeMethods.pl_randint(low, high, s, shape.Length, (int)dtype, (int)d.Type, d.Index, (generator ?? Generator.Default).Handle));
    }

    /// <summary>A random permutation of 0..n-1.</summary>
    public static Tensor RandPerm(long n, Generator? generator = null, Device? device = null)
    {
        var d = device ?? Device.Cpu;
        return Tensor.Wrap(NativeMethods.pl_randperm(n, (int)d.Type, d.Index, (generator ?? Generator.Default).Handle));
    }

    public static Tensor RandnLike(Tensor t, Generator? generator = null) => Randn(t.Shape, generator, t.DType, t.Device);

    public static Tensor RandLike(Tensor t, Generator? generator = null) => Rand(t.Shape, generator, t.DType, t.Device);

    /// <summary>0/1 draws with the probabilities in <paramref name="probabilities"/> (same shape and dtype).</summary>
    public static Tensor Bernoulli(Tensor probabilities, Generator? generator = null) =>
        Tensor.Wrap(NativeMethods.pl_bernoulli(probabilities.Handle, (generator ?? Generator.Default).Handle));

    /// <summary>Category indices drawn from each row of (unnormalized) weights.</summary>
    public static Tensor Multinomial(Tensor weights, long samples, bool replacement = false, Generator? generator = null) =>
        Tensor.Wrap(NativeMethods.pl_multinomial(weights.Handle, samples, replacement ? 1 : 0, (generator ?? Generator.Default).Handle));

    public static unsafe Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        var handles = tensors.Select(t => t.Handle).ToArray();
        fixed (IntPtr* h = handles) return Tensor.Wrap(NativeMethods.pl_cat(h, handles.Length, dim));
    }

    public static unsafe Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        var handles = tensors.Select(t => t.Handle).ToArray();
        fixed (IntPtr* h = handles) return Tensor.Wrap(NativeMethods.pl_stack(h, handles.Length, dim));
    }

    /// <summary>Elements of <paramref name="a"/> where the condition holds, else of <paramref name="b"/>.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) =>
        Tensor.Wrap(NativeMethods.pl_where(condition.Handle, a.Handle, b.Handle));

    public static unsafe Tensor Einsum(string equation, params Tensor[] operands)
    {
        var handles = operands.Select(t => t.Handle).ToArray();
        fixed (IntPtr* h = handles) return Tensor.Wrap(NativeMethods.pl_einsum(equation, h, handles.Length));
    }
}
