using Microsoft.ML.OnnxRuntime;

namespace Pipeline.Runtime.Sessions;

/// <summary>
/// An <see cref="OrtIoBinding"/> that knows which of its inputs are host tensors a loop writes in place between runs.
/// ONNX Runtime copies a host tensor bound with <c>OrtIoBinding.BindInput</c> into the memory of the provider that reads
/// it when it is bound, not when the network runs (IOBinding::BindInput, through CopyOneInputAcrossDevices), so on a GPU
/// a run would read the values the arrays held at binding time: off the CPU, <see cref="Run"/> binds those inputs again
/// first. On the CPU the binding keeps the array itself, and writing it in place is enough. Binding again costs ONNX
/// Runtime's C# API the input's name in UTF-8, a few dozen bytes per input. Owns the binding; not the session.
/// </summary>
internal sealed class HostInputBinding : IDisposable
{
    /// <summary>An <see cref="AppContext"/> switch that makes CPU sessions bind again too, so that the tests run that path here.</summary>
    public const string Switch = "Pipeline.Runtime.RebindHostInputs";

    private readonly InferenceSession session;
    private readonly OrtIoBinding binding;
    private readonly List<(string Name, OrtValue Value)> hostInputs = new();
    private readonly bool rebind;

    /// <param name="session">The session the binding runs (not owned).</param>
    public HostInputBinding(OnnxSession session)
    {
        this.session = session.Session;
        binding = session.Session.CreateIoBinding();
        rebind = MustRebind(session.Provider);
    }

    /// <summary>Whether host inputs of a session on <paramref name="provider"/> must be bound again before each run.</summary>
    public static bool MustRebind(ExecutionProvider provider) =>
        provider != ExecutionProvider.Cpu || AppContext.TryGetSwitch(Switch, out var always) && always;

    /// <summary>Binds a host tensor (over an array the caller writes between runs) as input <paramref name="name"/>.</summary>
    public void BindHostInput(string name, OrtValue value)
    {
        binding.BindInput(name, value);
        hostInputs.Add((name, value));
    }

    /// <summary>The host inputs bound again before each run off the CPU.</summary>
    public int HostInputCount => hostInputs.Count;

    /// <summary>Binds a tensor in the provider's own memory as input <paramref name="name"/>, once.</summary>
    public void BindInput(string name, OrtValue value) => binding.BindInput(name, value);

    /// <summary>Binds output <paramref name="name"/> to <paramref name="value"/> (host or provider memory).</summary>
    public void BindOutput(string name, OrtValue value) => binding.BindOutput(name, value);

    /// <summary>Runs the session on the binding; allocates nothing on the CPU.</summary>
    public void Run(RunOptions runOptions)
    {
        if (rebind && hostInputs.Count > 0)       // none: nothing to copy, and no device-wide wait before a replayed CUDA graph
        {
            foreach (var (name, value) in hostInputs) binding.BindInput(name, value);
            binding.SynchronizeBoundInputs();
        }
        session.RunWithBinding(runOptions, binding);
    }

    public void Dispose() => binding.Dispose();
}
