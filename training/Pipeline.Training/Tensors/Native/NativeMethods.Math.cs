using System.Runtime.InteropServices;

namespace Pipeline.Tensors.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial IntPtr pl_unary(IntPtr a, UnaryOp op);
    [LibraryImport(Library)] internal static partial int pl_unary_(IntPtr a, UnaryOp op);
    [LibraryImport(Library)] internal static partial IntPtr pl_binary(IntPtr a, IntPtr b, BinaryOp op);
    [LibraryImport(Library)] internal static partial IntPtr pl_binary_scalar(IntPtr a, Scalar s, BinaryOp op, int scalarOnLeft);
    [LibraryImport(Library)] internal static partial int pl_binary_(IntPtr a, IntPtr b, BinaryOp op);
    [LibraryImport(Library)] internal static partial int pl_binary_scalar_(IntPtr a, Scalar s, BinaryOp op);
    [LibraryImport(Library)] internal static partial int pl_add_scaled_(IntPtr a, IntPtr b, Scalar alpha);
    [LibraryImport(Library)] internal static partial IntPtr pl_add_scaled(IntPtr a, IntPtr b, Scalar alpha);
    [LibraryImport(Library)] internal static partial int pl_addcmul_(IntPtr a, IntPtr t1, IntPtr t2, Scalar value);
    [LibraryImport(Library)] internal static partial int pl_addcdiv_(IntPtr a, IntPtr t1, IntPtr t2, Scalar value);
    [LibraryImport(Library)] internal static partial int pl_lerp_(IntPtr a, IntPtr end, Scalar weight);
    [LibraryImport(Library)] internal static partial int pl_zero_(IntPtr a);
    [LibraryImport(Library)] internal static partial int pl_fill_(IntPtr a, Scalar value);
    [LibraryImport(Library)] internal static partial int pl_copy_(IntPtr a, IntPtr source);
    [LibraryImport(Library)] internal static partial IntPtr pl_clamp(IntPtr a, Scalar min, int hasMin, Scalar max, int hasMax);
    [LibraryImport(Library)] internal static partial int pl_clamp_(IntPtr a, Scalar min, int hasMin, Scalar max, int hasMax);
    [LibraryImport(Library)] internal static partial IntPtr pl_where(IntPtr condition, IntPtr a, IntPtr b);
    [LibraryImport(Library)] internal static partial IntPtr pl_reduce(IntPtr a, ReduceOp op, long* dims, int ndims, int keepdim);
    [LibraryImport(Library)] internal static partial IntPtr pl_var_std(IntPtr a, int isVar, long* dims, int ndims, long correction, int keepdim);
    [LibraryImport(Library)] internal static partial IntPtr pl_norm(IntPtr a, double p, long* dims, int ndims, int keepdim);
    [LibraryImport(Library)] internal static partial int pl_max_min_dim(IntPtr a, int isMax, long dim, int keepdim, out IntPtr values, out IntPtr indices);
    [LibraryImport(Library)] internal static partial IntPtr pl_argmax_argmin(IntPtr a, int isMax, long dim, int hasDim, int keepdim);
    [LibraryImport(Library)] internal static partial int pl_topk(IntPtr a, long k, long dim, int largest, out IntPtr values, out IntPtr indices);
    [LibraryImport(Library)] internal static partial int pl_sort(IntPtr a, long dim, int descending, out IntPtr values, out IntPtr indices);
    [LibraryImport(Library)] internal static partial IntPtr pl_cumulative(IntPtr a, int isProd, long dim);
    [LibraryImport(Library)] internal static partial IntPtr pl_matmul(IntPtr a, IntPtr b);
    [LibraryImport(Library)] internal static partial IntPtr pl_bmm(IntPtr a, IntPtr b);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial IntPtr pl_einsum(string equation, IntPtr* operands, int count);
}
