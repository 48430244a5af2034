using Microsoft.ML.OnnxRuntime;

namespace Pipeline.Runtime.Sessions;

/// <summary>
/// An ONNX Runtime <see cref="InferenceSession"/> over one model file, created on the execution
/// provider that <see cref="RuntimeOptions"/> asks for. Owns the session: dispose it to release
/// the model's native memory.
/// </summary>
/// <remarks>
/// For loops that run a network many times, create the input and output <see cref="OrtValue"/>s once
/// over pinned buffers, bind them in an <see cref="OrtIoBinding"/> (<see cref="InferenceSession.CreateIoBinding"/>)
/// and call <see cref="InferenceSession.RunWithBinding"/> with one <see cref="RunOptions"/>: that call
/// allocates nothing on the managed heap.
/// </remarks>
public sealed class OnnxSession : IDisposable
{
    private readonly SessionOptions _sessionOptions;

    private OnnxSession(InferenceSession session, SessionOptions sessionOptions, string modelPath, RuntimeOptions options,
                        ExecutionProvider provider, string? fallbackReason)
    {
        Session = session;
        _sessionOptions = sessionOptions;
        ModelPath = modelPath;
        RequestedProvider = options.Provider;
        Observer = options.Observer;
        Provider = provider;
        FallbackReason = fallbackReason;
        SharesThreadPool = SharedThreadPool.Serves(options);   // decided by NewSessionOptions
    }

    /// <summary>
    /// The process's shared ONNX Runtime thread pool (<see cref="RuntimeOptions.SharedThreadPool"/>): its intra-op threads and
    /// whether they spin, or null while there is none.
    /// </summary>
    public static (int IntraOpThreads, bool Spin)? SharedPool => SharedThreadPool.Current;

    /// <summary>Whether this session runs on the shared pool (<see cref="RuntimeOptions.SharedThreadPool"/>) rather than threads of its own.</summary>
    public bool SharesThreadPool { get; }

    /// <summary>The ONNX Runtime session; owned by this object.</summary>
    public InferenceSession Session { get; }

    /// <summary>The full path of the model file.</summary>
    public string ModelPath { get; }

    /// <summary>The provider that <see cref="RuntimeOptions.Provider"/> asked for.</summary>
    public ExecutionProvider RequestedProvider { get; }

    /// <summary>What sees the inputs of each run (<see cref="RuntimeOptions.Observer"/>), or null.</summary>
    public INetworkObserver? Observer { get; }

    /// <summary>The provider the session really runs on: <see cref="ExecutionProvider.Cpu"/> after a fallback.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>Why the session fell back to the CPU (the provider's load error and its fix), or null.</summary>
    public string? FallbackReason { get; }

    /// <summary>
    /// Loads the model at <paramref name="modelPath"/> with <paramref name="options"/> (CPU with every core by default).
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="ModelFormatException">The file is not an ONNX model ONNX Runtime can load.</exception>
    /// <exception cref="RuntimeLoadException">The GPU provider cannot be loaded and CPU fallback is off.</exception>
    public static OnnxSession Open(string modelPath, RuntimeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        options ??= new RuntimeOptions();
        options.Validate();
        var path = Path.GetFullPath(modelPath);
        if (Directory.Exists(path))
            throw new ArgumentException($"'{path}' is a directory: pass the path of an .onnx file inside it.", nameof(modelPath));
        if (!File.Exists(path))
            throw new FileNotFoundException($"The model file '{path}' does not exist: check the path, or export the model first.", path);

        return Create(path, options, sessionOptions => new InferenceSession(path, sessionOptions));
    }

    /// <summary>
    /// Loads a model held in memory (a graph the runtime builds, such as the diffusion step of
    /// <c>SchedulerUpdateGraph</c>) with <paramref name="options"/>, as <see cref="Open"/> loads a file; errors name it
    /// <paramref name="name"/>.
    /// </summary>
    internal static OnnxSession FromBytes(byte[] model, string name, RuntimeOptions options)
    {
        options.Validate();
        return Create(name, options, sessionOptions => new InferenceSession(model, sessionOptions));
    }

    /// <summary>The run option that names a run's CUDA graph (ONNX Runtime's <c>gpu_graph_id</c>): each id is captured once, then replayed.</summary>
    internal const string CudaGraphIdKey = "gpu_graph_id";

    /// <summary>The first ONNX Runtime with several CUDA graphs per session, told apart by <see cref="CudaGraphIdKey"/>.</summary>
    private static readonly Version MultipleCudaGraphs = new(1, 18);

    /// <summary>
    /// Loads the model at <paramref name="modelPath"/> on CUDA with ONNX Runtime's CUDA graphs on (<c>enable_cuda_graph</c>):
    /// each run must bind every input and output to tensors of the GPU's memory that never move, and each graph id
    /// (<see cref="CudaGraphIdKey"/>) is captured in one of its first runs and replayed after that.
    /// </summary>
    /// <exception cref="NotSupportedException">ONNX Runtime cannot capture this model (a node the CUDA provider does not run, say); the message says why.</exception>
    internal static OnnxSession OpenWithCudaGraphs(string modelPath, RuntimeOptions options)
    {
        options.Validate();
        // Graph ids came with ONNX Runtime 1.18; before, a session kept one graph and ignored the id, so a second binding
        // would replay the first one's addresses.
        var version = OrtEnv.Instance().GetVersionString();
        if (Version.TryParse(version.Split('-')[0], out var parsed) && parsed < MultipleCudaGraphs)
            throw new NotSupportedException($"ONNX Runtime {version} keeps one CUDA graph per session, and CudaGraph needs two (graph ids, " +
                                            $"ONNX Runtime {MultipleCudaGraphs} or later): use a newer native library, or StatePlacement = Device.");
        var (session, error) = CreateOnGpu(modelPath, options with { Provider = ExecutionProvider.Cuda },
                                           sessionOptions => new InferenceSession(modelPath, sessionOptions), cudaGraphs: true);
        return session ?? throw new NotSupportedException($"ONNX Runtime cannot run '{modelPath}' as a CUDA graph: {error!.Message} " +
                                                          "StatePlacement = Device (--state device) runs it without capture.", error);
    }

    private static OnnxSession Create(string path, RuntimeOptions options, Func<SessionOptions, InferenceSession> load)
    {
        if (options.Provider == ExecutionProvider.Cpu)
        {
            var (session, sessionOptions) = CreateOnCpu(path, options, load);
            return new OnnxSession(session, sessionOptions, path, options, ExecutionProvider.Cpu, null);
        }
        return OpenOnGpu(path, options, load);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Session.Dispose();
        _sessionOptions.Dispose();
    }

    /// <summary>Held while a GPU session is created with ONNX Runtime's logging silenced.</summary>
    private static readonly Lock GpuOpening = new();

    private static OnnxSession OpenOnGpu(string path, RuntimeOptions options, Func<SessionOptions, InferenceSession> load)
    {
        var (session, providerError) = CreateOnGpu(path, options, load, cudaGraphs: false);
        if (session is not null) return session;

        // The provider or the model failed: a CPU session tells which (it throws ModelFormatException for the model).
        var (cpuSession, cpuOptions) = CreateOnCpu(path, options, load);
        var failure = new RuntimeLoadException(options.Provider, ProviderLibraries.Diagnose(options.Provider), providerError!);
        if (!options.AllowCpuFallback)
        {
            cpuSession.Dispose();
            cpuOptions.Dispose();
            throw failure;
        }
        return new OnnxSession(cpuSession, cpuOptions, path, options, ExecutionProvider.Cpu, failure.Message);
    }

    /// <summary>
    /// A session on <see cref="RuntimeOptions.Provider"/> (CUDA, or TensorRT with CUDA behind it), with CUDA graphs on when
    /// <paramref name="cudaGraphs"/>; null and ONNX Runtime's error when the provider or the model fails.
    /// </summary>
    private static (OnnxSession? Session, Exception? Error) CreateOnGpu(string path, RuntimeOptions options, Func<SessionOptions, InferenceSession> load, bool cudaGraphs)
    {
        var sessionOptions = NewSessionOptions(options);
        // ONNX Runtime logs a provider that fails to load on its own logger (a red line on stderr) before it throws;
        // the exceptions the callers make carry that message with the fix, so silence it. The level is the process's:
        // sessions opened at once on other threads (samplers' step graphs) take turns, or one would restore the FATAL
        // level another set.
        var environment = OrtEnv.Instance();
        using (GpuOpening.EnterScope())
        {
            var logLevel = environment.EnvLogLevel;
            environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            try
            {
                if (options.Provider == ExecutionProvider.TensorRT)
                    sessionOptions.AppendExecutionProvider_Tensorrt(options.DeviceId);
                if (cudaGraphs) AppendCudaWithGraphs(sessionOptions, options.DeviceId);
                else sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId);
                return (new OnnxSession(load(sessionOptions), sessionOptions, path, options, options.Provider, null), null);
            }
            catch (Exception error) when (error is OnnxRuntimeException or EntryPointNotFoundException)
            {
                // EntryPointNotFoundException: a libonnxruntime.so built without the GPU bridges.
                sessionOptions.Dispose();
                return (null, error);
            }
            finally
            {
                environment.EnvLogLevel = logLevel;
            }
        }
    }

    /// <summary>The CUDA provider with CUDA graphs on (<c>enable_cuda_graph</c>).</summary>
    private static void AppendCudaWithGraphs(SessionOptions sessionOptions, int deviceId)
    {
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(new Dictionary<string, string>
        {
            ["device_id"] = deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["enable_cuda_graph"] = "1",
        });
        sessionOptions.AppendExecutionProvider_CUDA(cuda);
    }

    private static (InferenceSession Session, SessionOptions Options) CreateOnCpu(string path, RuntimeOptions options, Func<SessionOptions, InferenceSession> load)
    {
        var sessionOptions = NewSessionOptions(options);
        try
        {
            return (load(sessionOptions), sessionOptions);
        }
        catch (OnnxRuntimeException error)
        {
            sessionOptions.Dispose();
            throw new ModelFormatException(path, error);
        }
    }

    private static SessionOptions NewSessionOptions(RuntimeOptions options)
    {
        var shared = SharedThreadPool.Fits(options);     // first: creating SessionOptions creates ONNX Runtime's environment
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            ExecutionMode = options.InterOpThreads > 1 ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = options.GraphOptimization switch
            {
                GraphOptimization.None => GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            EnableCpuMemArena = options.CpuMemoryArena,
            EnableMemoryPattern = options.MemoryPattern,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (shared) sessionOptions.DisablePerSessionThreads();
        // Session configuration keys of ONNX Runtime (onnxruntime_session_options_config_keys.h).
        if (!options.PrepackWeights) sessionOptions.AddSessionConfigEntry("session.disable_prepacking", "1");
        if (!options.SpinThreads) sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return sessionOptions;
    }
}
