using System.Runtime.InteropServices;

namespace Pipeline.Tensors.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial IntPtr pl_generator_new(long seed);
    [LibraryImport(Library)] internal static partial void pl_generator_free(IntPtr g);
    [LibraryImport(Library)] internal static partial IntPtr pl_generator_get_state(IntPtr g);
    [LibraryImport(Library)] internal static partial int pl_generator_set_state(IntPtr g, IntPtr state);
    [LibraryImport(Library)] internal static partial IntPtr pl_zeros(long* shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Library)] internal static partial IntPtr pl_ones(long* shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Library)] internal static partial IntPtr pl_empty(long* shape, int ndim, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Library)] internal static partial IntPtr pl_full(long* shape, int ndim, Scalar value, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Library)] internal static partial IntPtr pl_arange(Scalar start, Scalar end, Scalar step, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Library)] internal static partial IntPtr pl_linspace(double start, double end, long steps, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Library)] internal static partial IntPtr pl_eye(long n, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Library)] internal static partial IntPtr pl_randn(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, IntPtr g);
    [LibraryImport(Library)] internal static partial IntPtr pl_rand(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, IntPtr g);
    [LibraryImport(Library)] internal static partial IntPtr pl_randint(long low, long high, long* shape, int ndim, int dtype, int deviceType, int deviceIndex, IntPtr g);
    [LibraryImport(Library)] internal static partial IntPtr pl_randperm(long n, int deviceType, int deviceIndex, IntPtr g);
    [LibraryImport(Library)] internal static partial IntPtr pl_bernoulli(IntPtr probs, IntPtr g);
    [LibraryImport(Library)] internal static partial IntPtr pl_multinomial(IntPtr probs, long samples, int replacement, IntPtr g);
    [LibraryImport(Library)] internal static partial int pl_uniform_(IntPtr t, double from, double to, IntPtr g);
    [LibraryImport(Library)] internal static partial int pl_normal_(IntPtr t, double mean, double std, IntPtr g);
}
