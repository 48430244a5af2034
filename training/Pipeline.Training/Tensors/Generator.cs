using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

/// <summary>
/// A seeded random-number generator (libtorch's CPU Philox/MT generator). Random
/// tensors drawn from generators with the same seed are identical on every device.
/// Owns a native handle: dispose it.
/// </summary>
public sealed class Generator : IDisposable
{
    private IntPtr handle;

    public Generator(long seed)
    {
        Seed = seed;
        handle = NativeMethods.Check(NativeMethods.pl_generator_new(seed));
    }

    ~Generator() => Release();

    /// <summary>The seed this generator was created with.</summary>
    public long Seed { get; }

    /// <summary>The generator used when a call passes none; reseed it with <see cref="Torch.ManualSeed"/>.</summary>
    public static Generator Default { get; private set; } = new(0);

    internal IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(Generator));

    internal static void ReseedDefault(long seed)
    {
        var previous = Default;
        Default = new Generator(seed);
        previous.Dispose();
    }

    /// <summary>The full internal state, as a uint8 tensor (for checkpoints that resume exactly).</summary>
    public Tensor GetState() => new(NativeMethods.Check(NativeMethods.pl_generator_get_state(Handle)));

    public void SetState(Tensor state) => NativeMethods.Check(NativeMethods.pl_generator_set_state(Handle, state.Handle));

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) NativeMethods.pl_generator_free(h);
    }
}
