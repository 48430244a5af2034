using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

/// <summary>An error raised by libtorch; the message is libtorch's own.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message)
    {
    }

    internal static TorchException FromNative() => new(NativeMethods.LastError());
}
