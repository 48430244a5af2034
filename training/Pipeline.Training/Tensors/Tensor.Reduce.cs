using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

public sealed partial class Tensor
{
    private unsafe Tensor Reduce(ReduceOp op, long[]? dims, bool keepDim)
    {
        // No dimensions (null or empty) reduces over all of them, as in PyTorch.
        if (dims is null || dims.Length == 0) return Wrap(NativeMethods.pl_reduce(Handle, op, null, 0, 0));
        fixed (long* d = dims) return Wrap(NativeMethods.pl_reduce(Handle, op, d, dims.Length, keepDim ? 1 : 0));
    }

    /// <summary>Sum of every element (0-dim).</summary>
    public Tensor Sum() => Reduce(ReduceOp.Sum, null, false);
    public Tensor Sum(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Sum, dims, keepDim);
    public Tensor Sum(int dim, bool keepDim = false) => Reduce(ReduceOp.Sum, new long[] { dim }, keepDim);
    public Tensor Mean() => Reduce(ReduceOp.Mean, null, false);
    public Tensor Mean(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Mean, dims, keepDim);
    public Tensor Mean(int dim, bool keepDim = false) => Reduce(ReduceOp.Mean, new long[] { dim }, keepDim);
    public Tensor Prod() => Reduce(ReduceOp.Prod, null, false);
    public Tensor Prod(int dim, bool keepDim = false) => Reduce(ReduceOp.Prod, new long[] { dim }, keepDim);
    public Tensor Max() => Reduce(ReduceOp.Amax, null, false);
    public Tensor Min() => Reduce(ReduceOp.Amin, null, false);
    public Tensor Amax(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Amax, dims, keepDim);
    public Tensor Amin(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Amin, dims, keepDim);
    public Tensor All() => Reduce(ReduceOp.All, null, false);
    public Tensor All(int dim, bool keepDim = false) => Reduce(ReduceOp.All, new long[] { dim }, keepDim);
    public Tensor Any() => Reduce(ReduceOp.Any, null, false);
    public Tensor Any(int dim, bool keepDim = false) => Reduce(ReduceOp.Any, new long[] { dim }, keepDim);
    public Tensor LogSumExp(int dim, bool keepDim = false) => Reduce(ReduceOp.LogSumExp, new long[] { dim }, keepDim);
    public Tensor LogSumExp(long[] dims, bool keepDim = false) => Reduce(ReduceOp.LogSumExp, dims, keepDim);

    private unsafe Tensor VarStd(bool isVar, long[]? dims, bool unbiased, bool keepDim)
    {
        var correction = unbiased ? 1 : 0;
        if (dims is null || dims.Length == 0) return Wrap(NativeMethods.pl_var_std(Handle, isVar ? 1 : 0, null, 0, correction, 0));
        fixed (long* d = dims) return Wrap(NativeMethods.pl_var_std(Handle, isVar ? 1 : 0, d, dims.Length, correction, keepDim ? 1 : 0));
    }

    public Tensor Var(bool unbiased = true) => VarStd(true, null, unbiased, false);
    public Tensor Var(long[] dims, bool unbiased = true, bool keepDim = false) => VarStd(true, dims, unbiased, keepDim);
    public Tensor Std(bool unbiased = true) => VarStd(false, null, unbiased, false);
    public Tensor Std(long[] dims, bool unbiased = true, bool keepDim = false) => VarStd(false, dims, unbiased, keepDim);

    /// <summary>The p-norm of all elements, or along <paramref name="dims"/>.</summary>
    public unsafe Tensor Norm(double p = 2, long[]? dims = null, bool keepDim = false)
    {
        if (dims is null || dims.Length == 0) return Wrap(NativeMethods.pl_norm(Handle, p, null, 0, 0));
        fixed (long* d = dims) return Wrap(NativeMethods.pl_norm(Handle, p, d, dims.Length, keepDim ? 1 : 0));
    }

    /// <summary>Maximum along a dimension, with its indices.</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false)
    {
        NativeMethods.Check(NativeMethods.pl_max_min_dim(Handle, 1, dim, keepDim ? 1 : 0, out var values, out var indices));
        return (new Tensor(values), new Tensor(indices));
    }

    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false)
    {
        NativeMethods.Check(NativeMethods.pl_max_min_dim(Handle, 0, dim, keepDim ? 1 : 0, out var values, out var indices));
        return (new Tensor(values), new Tensor(indices));
    }

    public Tensor ArgMax() => Wrap(NativeMethods.pl_argmax_argmin(Handle, 1, 0, 0, 0));
    public Tensor ArgMax(int dim, bool keepDim = false) => Wrap(NativeMethods.pl_argmax_argmin(Handle, 1, dim, 1, keepDim ? 1 : 0));
    public Tensor ArgMin() => Wrap(NativeMethods.pl_argmax_argmin(Handle, 0, 0, 0, 0));
    public Tensor ArgMin(int dim, bool keepDim = false) => Wrap(NativeMethods.pl_argmax_argmin(Handle, 0, dim, 1, keepDim ? 1 : 0));

    public (Tensor Values, Tensor Indices) TopK(long k, int dim = -1, bool largest = true)
    {
        NativeMethods.Check(NativeMethods.pl_topk(Handle, k, dim, largest ? 1 : 0, out var values, out var indices));
        return (new Tensor(values), new Tensor(indices));
    }

    public (Tensor Values, Tensor Indices) Sort(int dim = -1, bool descending = false)
    {
        NativeMethods.Check(NativeMethods.pl_sort(Handle, dim, descending ? 1 : 0, out var values, out var indices));
        return (new Tensor(values), new Tensor(indices));
    }
}
