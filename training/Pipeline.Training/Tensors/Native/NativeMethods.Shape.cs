using System.Runtime.InteropServices;

namespace Pipeline.Tensors.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial IntPtr pl_reshape(IntPtr a, long* shape, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr pl_view(IntPtr a, long* shape, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr pl_permute(IntPtr a, long* dims, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr pl_transpose(IntPtr a, long dim0, long dim1);
    [LibraryImport(Library)] internal static partial IntPtr pl_unsqueeze(IntPtr a, long dim);
    [LibraryImport(Library)] internal static partial IntPtr pl_squeeze(IntPtr a, long dim, int hasDim);
    [LibraryImport(Library)] internal static partial IntPtr pl_flatten(IntPtr a, long start, long end);
    [LibraryImport(Library)] internal static partial IntPtr pl_expand(IntPtr a, long* shape, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr pl_repeat(IntPtr a, long* repeats, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr pl_flip(IntPtr a, long* dims, int ndim);
    [LibraryImport(Library)] internal static partial IntPtr pl_slice(IntPtr a, long dim, long start, long end, long step);
    [LibraryImport(Library)] internal static partial IntPtr pl_select(IntPtr a, long dim, long index);
    [LibraryImport(Library)] internal static partial IntPtr pl_index_select(IntPtr a, long dim, IntPtr index);
    [LibraryImport(Library)] internal static partial IntPtr pl_gather(IntPtr a, long dim, IntPtr index);
    [LibraryImport(Library)] internal static partial IntPtr pl_scatter(IntPtr a, long dim, IntPtr index, IntPtr source, int accumulate);
    [LibraryImport(Library)] internal static partial IntPtr pl_masked_fill(IntPtr a, IntPtr mask, Scalar value);
    [LibraryImport(Library)] internal static partial int pl_masked_fill_(IntPtr a, IntPtr mask, Scalar value);
    [LibraryImport(Library)] internal static partial IntPtr pl_one_hot(IntPtr a, long classes);
    [LibraryImport(Library)] internal static partial IntPtr pl_cat(IntPtr* tensors, int count, long dim);
    [LibraryImport(Library)] internal static partial IntPtr pl_stack(IntPtr* tensors, int count, long dim);
    [LibraryImport(Library)] internal static partial int pl_chunk(IntPtr a, long chunks, long dim, IntPtr* output, int capacity);
    [LibraryImport(Library)] internal static partial int pl_split(IntPtr a, long size, long dim, IntPtr* output, int capacity);
    [LibraryImport(Library)] internal static partial IntPtr pl_triangle(IntPtr a, long diagonal, int isUpper);
}
