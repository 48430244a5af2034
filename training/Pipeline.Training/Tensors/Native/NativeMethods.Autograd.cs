using System.Runtime.InteropServices;

namespace Pipeline.Tensors.Native;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library)] internal static partial int pl_tensor_grad(IntPtr t, out IntPtr grad);
    [LibraryImport(Library)] internal static partial int pl_tensor_set_grad(IntPtr t, IntPtr grad);
    [LibraryImport(Library)] internal static partial int pl_tensor_retain_grad(IntPtr t);
    [LibraryImport(Library)] internal static partial int pl_backward(IntPtr t, IntPtr grad, int retainGraph, int createGraph);
    [LibraryImport(Library)] internal static partial int pl_autograd_grad(IntPtr* outputs, int nOutputs, IntPtr* gradOutputs, IntPtr* inputs, int nInputs, int retainGraph, int createGraph, int allowUnused, IntPtr* results);
}
