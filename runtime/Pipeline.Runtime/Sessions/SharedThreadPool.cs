using Microsoft.ML.OnnxRuntime;

namespace Pipeline.Runtime.Sessions;

/// <summary>
/// ONNX Runtime's global thread pools, which every session that gives up its own threads runs on. Each session has a pool
/// of its own otherwise, and after a run its threads spin a while waiting for the next one (<see cref="RuntimeOptions.SpinThreads"/>):
/// a package that runs several networks in turn (a flow's 16 couplings) then has the threads of the networks that just ran
/// spinning against those of the one running, on the same cores. Measured here on `exported/realnvp` (2 cores, `bench loops`):
/// a batch-64 `Sample` took 329 ms on per-session pools against 38 ms with spinning off. One shared pool keeps spinning's
/// gain without that cost. The environment is created with the pool by the first session that asks for it, sized by that
/// session's <see cref="RuntimeOptions.IntraOpThreads"/> and <see cref="RuntimeOptions.SpinThreads"/>; sessions asking for
/// other thread settings, and every session of a process whose ONNX Runtime environment was created before (by the app,
/// through <see cref="OrtEnv.Instance"/>), keep pools of their own.
/// </summary>
internal static class SharedThreadPool
{
    private static readonly Lock Gate = new();
    private static (int IntraOpThreads, bool Spin)? pool;
    private static bool decided;

    /// <summary>The shared pool's intra-op threads and spinning, or null while none exists (none made yet, or the app created the environment).</summary>
    public static (int IntraOpThreads, bool Spin)? Current
    {
        get
        {
            lock (Gate) return pool;
        }
    }

    /// <summary>Whether a session with <paramref name="options"/> can run on the shared pool (creating it if no environment exists yet).</summary>
    public static bool Fits(RuntimeOptions options)
    {
        if (options.SharedThreadPool && options.InterOpThreads == 1)
        {
            lock (Gate)
            {
                if (!decided)
                {
                    decided = true;
                    if (!OrtEnv.IsCreated) pool = TryCreate(options.IntraOpThreads, options.SpinThreads);
                }
            }
        }
        return Serves(options);
    }

    /// <summary>Whether a session with <paramref name="options"/> runs on the shared pool, as <see cref="Fits"/> decided it (creates nothing).</summary>
    public static bool Serves(RuntimeOptions options) =>
        options.SharedThreadPool && options.InterOpThreads == 1 && Current == (options.IntraOpThreads, options.SpinThreads);

    /// <summary>Creates the environment with the pool; null when another thread created an environment first (then sessions keep their own threads).</summary>
    private static (int, bool)? TryCreate(int intraOpThreads, bool spin)
    {
        using var threading = new OrtThreadingOptions
        {
            GlobalIntraOpNumThreads = intraOpThreads,
            GlobalInterOpNumThreads = 1,
            GlobalSpinControl = spin,
        };
        var creation = new EnvironmentCreationOptions
        {
            logId = "Pipeline",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            threadOptions = threading,
        };
        try
        {
            OrtEnv.CreateInstanceWithOptions(ref creation);
        }
        catch (OnnxRuntimeException) when (OrtEnv.IsCreated)
        {
            return null;
        }
        return (intraOpThreads, spin);
    }
}
