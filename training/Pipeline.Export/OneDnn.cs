using System.Runtime.InteropServices;
using TorchSharp;

namespace Pipeline.Export;

/// <summary>
/// Turns off libtorch's oneDNN (MKL-DNN) convolutions, process-wide, so TorchSharp uses its reference CPU kernels.
/// On this project's machines (AMD EPYC with AVX-512, libtorch 2.10 of TorchSharp-cpu 0.107), oneDNN gives wrong
/// numbers for small channel counts: a <c>ConvTranspose2d</c> with fewer than 16 input channels returns outputs off by
/// 0.4–4 (or NaN) on about half the calls, even on one thread, and a <c>Conv2d</c> with fewer than 16 output channels
/// returns NaN input gradients on some backward passes when it runs on several threads. With oneDNN off both are exact.
/// TorchSharp has no switch for it, so this calls libtorch's <c>at::Context::setUserEnabledMkldnn</c> (and, since
/// the next fallback, NNPACK, does not run on these CPUs and warns on every call, <c>setUserEnabledNNPACK</c>).
/// </summary>
public static class OneDnn
{
    private static readonly Lock Gate = new();
    private static bool disabled;

    /// <summary>Disables oneDNN and NNPACK convolutions for the rest of the process (idempotent).</summary>
    public static void Disable()
    {
        lock (Gate)
        {
            if (disabled) return;
            torch.InitializeDeviceType(DeviceType.CPU);   // loads libtorch, so the symbols below resolve
            var context = GlobalContext();
            SetUserEnabledMkldnn(context, false);
            SetUserEnabledNnpack(context, false);
            disabled = true;
        }
    }

    /// <summary>Whether libtorch would use oneDNN for a convolution now.</summary>
    public static bool Enabled
    {
        get
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return UserEnabledMkldnn(GlobalContext());
        }
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);
}
