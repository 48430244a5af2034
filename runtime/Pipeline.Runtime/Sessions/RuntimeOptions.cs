namespace Pipeline.Runtime.Sessions;

/// <summary>How <see cref="OnnxSession"/> runs a model.</summary>
public sealed record RuntimeOptions
{
    /// <summary>The execution provider to ask for; <see cref="ExecutionProvider.Cpu"/> by default.</summary>
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>
    /// When the requested GPU provider cannot be loaded, run on the CPU instead of throwing
    /// <see cref="RuntimeLoadException"/>; <see cref="OnnxSession.Provider"/> then says <see cref="ExecutionProvider.Cpu"/>.
    /// </summary>
    public bool AllowCpuFallback { get; init; }

    /// <summary>Threads of one operator on the CPU; every core by default.</summary>
    public int IntraOpThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Threads of one operator in the step networks of autoregressive packages (PixelCNN, NADE and the VQ-VAE priors,
    /// which run once per position); 1 by default. A step network is a chain of small matrix products, one pixel of each
    /// item through every layer, and a second thread costs it more in hand-offs than it does: here a batch-64 PixelCNN
    /// position took 0.24 ms on two threads and 0.11 ms on one (`tools/pipeline bench loops --step-threads`).
    /// </summary>
    public int StepNetworkThreads { get; init; } = 1;

    /// <summary>The GPU to run on, for CUDA and TensorRT.</summary>
    public int DeviceId { get; init; }

    /// <summary>How much ONNX Runtime rewrites each graph when it loads it; <see cref="GraphOptimization.All"/> by default.</summary>
    public GraphOptimization GraphOptimization { get; init; } = GraphOptimization.All;

    /// <summary>
    /// Threads that run independent nodes of a graph at the same time; 1 (nodes one after the other, each using
    /// <see cref="IntraOpThreads"/>) by default, which suits the chains that generative networks are.
    /// </summary>
    public int InterOpThreads { get; init; } = 1;

    /// <summary>ONNX Runtime's arena allocator for CPU tensors (memory kept for reuse between runs); on by default.</summary>
    public bool CpuMemoryArena { get; init; } = true;

    /// <summary>Plans the memory of a run from the previous runs of the same shapes; on by default.</summary>
    public bool MemoryPattern { get; init; } = true;

    /// <summary>Weights rearranged once at load for the CPU kernels (pre-packing), at some memory cost; on by default.</summary>
    public bool PrepackWeights { get; init; } = true;

    /// <summary>
    /// Intra-op threads spin a while after a run instead of sleeping, so the next run starts at once; on by default.
    /// Off saves CPU for an app that runs a network now and then.
    /// </summary>
    public bool SpinThreads { get; init; } = true;

    /// <summary>
    /// Sessions with the same <see cref="IntraOpThreads"/> and <see cref="SpinThreads"/> (and one inter-op thread) run on one
    /// thread pool for the whole process, ONNX Runtime's global pools, instead of a pool each; on by default. Packages that run
    /// several networks in turn (flows) and apps with several models then do not have idle pools spinning against the busy
    /// one: a batch-64 flow `Sample` ran 8.7× faster here. The first such session sizes the pool; see <c>SharedThreadPool</c>.
    /// </summary>
    public bool SharedThreadPool { get; init; } = true;

    /// <summary>
    /// Sees the inputs of every network run (calibration of quantized exports, debugging); null (nothing called, nothing
    /// allocated) by default.
    /// </summary>
    public INetworkObserver? Observer { get; init; }

    /// <summary>Throws when an option is out of range, naming the option and the valid values.</summary>
    internal void Validate()
    {
        if (!Enum.IsDefined(Provider))
            throw new ArgumentOutOfRangeException(nameof(Provider), Provider, "Provider must be Cpu, Cuda or TensorRT.");
        if (IntraOpThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads,
                $"IntraOpThreads must be at least 1 (this machine has {Environment.ProcessorCount} cores).");
        if (StepNetworkThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(StepNetworkThreads), StepNetworkThreads,
                $"StepNetworkThreads must be at least 1 (this machine has {Environment.ProcessorCount} cores).");
        if (!Enum.IsDefined(GraphOptimization))
            throw new ArgumentOutOfRangeException(nameof(GraphOptimization), GraphOptimization, "GraphOptimization must be None, Basic, Extended or All.");
        if (InterOpThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(InterOpThreads), InterOpThreads, "InterOpThreads must be at least 1 (1 runs the nodes one after the other).");
        if (DeviceId < 0)
            throw new ArgumentOutOfRangeException(nameof(DeviceId), DeviceId, "DeviceId must be 0 or more (0 is the first GPU).");
    }
}
