namespace Pipeline.Runtime.Sessions;

/// <summary>
/// When a loop's host arrays, bound once as a network's inputs, must be bound again before each run. ONNX Runtime copies
/// a host tensor bound with <c>OrtIoBinding.BindInput</c> into the memory of the provider that reads it when it is
/// bound, not when the network runs (IOBinding::BindInput, through CopyOneInputAcrossDevices), so on a GPU a run would
/// read the values the arrays held at binding time. On the CPU the binding keeps the array itself, and writing it in
/// place is enough. Binding again costs ONNX Runtime's C# API the input's name in UTF-8, a few dozen bytes per input.
/// </summary>
internal static class HostInputBinding
{
    /// <summary>An <see cref="AppContext"/> switch that makes CPU sessions bind again too, so that the tests run that path here.</summary>
    public const string Switch = "Pipeline.Runtime.RebindHostInputs";

    /// <summary>Whether host inputs of a session on <paramref name="provider"/> must be bound again before each run.</summary>
    public static bool MustRebind(ExecutionProvider provider) =>
        provider != ExecutionProvider.Cpu || AppContext.TryGetSwitch(Switch, out var always) && always;
}
