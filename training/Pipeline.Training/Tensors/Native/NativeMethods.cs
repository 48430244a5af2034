using System.Runtime.InteropServices;

namespace Pipeline.Tensors.Native;

/// <summary>
/// P/Invoke declarations of the native shim (training/native). Each declaration
/// matches one extern "C" function; the C# methods of <see cref="Tensor"/> wrap them.
/// Handles returned as <see cref="IntPtr.Zero"/> and statuses of -1 mean an error,
/// whose libtorch message <see cref="Check(IntPtr)"/> turns into a <see cref="TorchException"/>.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "pipeline_native";

    static NativeMethods()
    {
        // Debian's libtorch starts with one intra-op thread: use every core unless told otherwise.
        var requested = Environment.GetEnvironmentVariable("PIPELINE_NUM_THREADS");
        var threads = int.TryParse(requested, out var n) && n > 0 ? n : Environment.ProcessorCount;
        pl_set_num_threads(threads);
    }

    internal static IntPtr Check(IntPtr handle) =>
        handle != IntPtr.Zero ? handle : throw TorchException.FromNative();

    internal static void Check(int status)
    {
        if (status < 0) throw TorchException.FromNative();
    }

    internal static string LastError() => Marshal.PtrToStringUTF8(pl_last_error()) ?? "unknown native error";

    [LibraryImport(Library)] internal static partial IntPtr pl_last_error();
    [LibraryImport(Library)] internal static partial void pl_clear_error();
    [LibraryImport(Library)] internal static partial void pl_free_string(IntPtr s);
    [LibraryImport(Library)] internal static partial int pl_set_num_threads(int n);
    [LibraryImport(Library)] internal static partial int pl_get_num_threads();
    [LibraryImport(Library)] internal static partial int pl_set_grad_enabled(int enabled);
    [LibraryImport(Library)] internal static partial int pl_is_grad_enabled();
    [LibraryImport(Library)] internal static partial int pl_cuda_device_count();
    [LibraryImport(Library)] internal static partial int pl_manual_seed(long seed);
}
