using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

public sealed partial class Tensor
{
    public unsafe Tensor Reshape(params long[] shape)
    {
        fixed (long* s = shape) return Wrap(NativeMethods.pl_reshape(Handle, s, shape.Length));
    }

    /// <summary>A view with another shape (no copy; fails where Reshape would copy).</summary>
    public unsafe Tensor View(params long[] shape)
    {
        fixed (long* s = shape) return Wrap(NativeMethods.pl_view(Handle, s, shape.Length));
    }

    public unsafe Tensor Permute(params long[] dims)
    {
        fixed (long* d = dims) return Wrap(NativeMethods.pl_permute(Handle, d, dims.Length));
    }

    public Tensor Transpose(int dim0, int dim1) => Wrap(NativeMethods.pl_transpose(Handle, dim0, dim1));

    /// <summary>The transpose of a 2-D tensor.</summary>
    public Tensor T => Transpose(0, 1);

    public Tensor Unsqueeze(int dim) => Wrap(NativeMethods.pl_unsqueeze(Handle, dim));

    public Tensor Squeeze() => Wrap(NativeMethods.pl_squeeze(Handle, 0, 0));

    public Tensor Squeeze(int dim) => Wrap(NativeMethods.pl_squeeze(Handle, dim, 1));

    public Tensor Flatten(int startDim = 0, int endDim = -1) => Wrap(NativeMethods.pl_flatten(Handle, startDim, endDim));

    public unsafe Tensor Expand(params long[] shape)
    {
        fixed (long* s = shape) return Wrap(NativeMethods.pl_expand(Handle, s, shape.Length));
    }

    public unsafe Tensor Repeat(params long[] repeats)
    {
        fixed (long* r = repeats) return Wrap(NativeMethods.pl_repeat(Handle, r, repeats.Length));
    }

    public unsafe Tensor Flip(params long[] dims)
    {
        fixed (long* d = dims) return Wrap(NativeMethods.pl_flip(Handle, d, dims.Length));
    }

    /// <summary>Elements start..end (exclusive) by step along a dimension, as a view.</summary>
    public Tensor Slice(int dim, long start, long end, long step = 1) => Wrap(NativeMethods.pl_slice(Handle, dim, start, end, step));

    /// <summary>The sub-tensor at <paramref name="index"/> along a dimension (which disappears).</summary>
    public Tensor Select(int dim, long index) => Wrap(NativeMethods.pl_select(Handle, dim, index));

    public Tensor Narrow(int dim, long start, long length) => Slice(dim, start, start + length);

    public Tensor IndexSelect(int dim, Tensor index) => Wrap(NativeMethods.pl_index_select(Handle, dim, index.Handle));

    public Tensor Gather(int dim, Tensor index) => Wrap(NativeMethods.pl_gather(Handle, dim, index.Handle));

    public Tensor Scatter(int dim, Tensor index, Tensor source) => Wrap(NativeMethods.pl_scatter(Handle, dim, index.Handle, source.Handle, 0));

    public Tensor ScatterAdd(int dim, Tensor index, Tensor source) => Wrap(NativeMethods.pl_scatter(Handle, dim, index.Handle, source.Handle, 1));

    public Tensor MaskedFill(Tensor mask, Scalar value) => Wrap(NativeMethods.pl_masked_fill(Handle, mask.Handle, value));

    public Tensor MaskedFill_(Tensor mask, Scalar value)
    {
        NativeMethods.Check(NativeMethods.pl_masked_fill_(Handle, mask.Handle, value));
        return this;
    }

    /// <summary>One-hot encoding of an int64 tensor of class indices (adds a last dimension).</summary>
    public Tensor OneHot(long classes = -1) => Wrap(NativeMethods.pl_one_hot(Handle, classes));

    public Tensor Tril(long diagonal = 0) => Wrap(NativeMethods.pl_triangle(Handle, diagonal, 0));

    public Tensor Triu(long diagonal = 0) => Wrap(NativeMethods.pl_triangle(Handle, diagonal, 1));

    public unsafe Tensor[] Chunk(int chunks, int dim = 0)
    {
        var output = new IntPtr[chunks];
        int count;
        fixed (IntPtr* o = output) count = NativeMethods.pl_chunk(Handle, chunks, dim, o, chunks);
        NativeMethods.Check(count);
        return output.Take(count).Select(h => new Tensor(h)).ToArray();
    }

    /// <summary>Splits into pieces of <paramref name="size"/> along a dimension (the last may be smaller).</summary>
    public unsafe Tensor[] Split(long size, int dim = 0)
    {
        var capacity = (int)((Size(dim) + size - 1) / Math.Max(size, 1)) + 1;
        var output = new IntPtr[capacity];
        int count;
        fixed (IntPtr* o = output) count = NativeMethods.pl_split(Handle, size, dim, o, capacity);
        NativeMethods.Check(count);
        return output.Take(count).Select(h => new Tensor(h)).ToArray();
    }

    /// <summary>
    /// Indexing as in PyTorch: an integer selects (and removes the dimension), a range slices,
    /// e.g. <c>x[.., 0]</c> or <c>x[2..5]</c>.
    /// </summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get
        {
            var result = Alias();
            var dim = 0;
            foreach (var index in indices)
            {
                var next = index.Apply(result, ref dim);
                result.Dispose();
                result = next;
            }
            return result;
        }
    }
}
