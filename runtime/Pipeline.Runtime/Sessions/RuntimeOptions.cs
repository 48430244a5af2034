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

    /// <summary>The GPU to run on, for CUDA and TensorRT.</summary>
    public int DeviceId { get; init; }

    /// <summary>Throws when an option is out of range, naming the option and the valid values.</summary>
    internal void Validate()
    {
        if (!Enum.IsDefined(Provider))
            throw new ArgumentOutOfRangeException(nameof(Provider), Provider, "Provider must be Cpu, Cuda or TensorRT.");
        if (IntraOpThreads < 1)
            throw new ArgumentOutOfRangeException(nameof(IntraOpThreads), IntraOpThreads,
                $"IntraOpThreads must be at least 1 (this machine has {Environment.ProcessorCount} cores).");
        if (DeviceId < 0)
            throw new ArgumentOutOfRangeException(nameof(DeviceId), DeviceId, "DeviceId must be 0 or more (0 is the first GPU).");
    }
}
