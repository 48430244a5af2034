using System.Runtime.InteropServices;

namespace Pipeline.Tensors.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial void pl_tensor_free(IntPtr t);
    [LibraryImport(Library)] internal static partial long pl_tensor_dim(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_tensor_shape(IntPtr t, long* shape);
    [LibraryImport(Library)] internal static partial long pl_tensor_numel(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_tensor_dtype(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_tensor_device_type(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_tensor_device_index(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_tensor_requires_grad(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_tensor_is_leaf(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_tensor_is_contiguous(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_tensor_set_requires_grad(IntPtr t, int value);
    [LibraryImport(Library)] internal static partial IntPtr pl_tensor_to(IntPtr t, int dtype, int deviceType, int deviceIndex, int copy);
    [LibraryImport(Library)] internal static partial IntPtr pl_tensor_clone(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr pl_tensor_detach(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr pl_tensor_contiguous(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr pl_tensor_alias(IntPtr t);
    [LibraryImport(Library)] internal static partial IntPtr pl_tensor_from_data(void* data, long bytes, long* shape, int ndim, int dtype);
    [LibraryImport(Library)] internal static partial int pl_tensor_copy_to(IntPtr t, void* destination, long bytes);
    [LibraryImport(Library)] internal static partial IntPtr pl_tensor_data_ptr(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_tensor_item_double(IntPtr t, out double value);
    [LibraryImport(Library)] internal static partial int pl_tensor_item_long(IntPtr t, out long value);
    [LibraryImport(Library)] internal static partial IntPtr pl_tensor_to_string(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_tensor_equal(IntPtr a, IntPtr b, out int result);
    [LibraryImport(Library)] internal static partial int pl_tensor_allclose(IntPtr a, IntPtr b, double rtol, double atol, out int result);
}
