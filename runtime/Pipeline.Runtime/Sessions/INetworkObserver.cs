namespace Pipeline.Runtime.Sessions;

/// <summary>
/// Sees the inputs of every run of the networks of a session opened with it (<see cref="RuntimeOptions.Observer"/>):
/// what calibrates a quantized export on the inputs the networks really get while sampling, or what a debugger logs.
/// Called on the sampling thread just before each run; the values are the live input buffers, valid only during the
/// call (copy what you keep). Sessions shared by threads call it from each of them.
/// </summary>
public interface INetworkObserver
{
    /// <param name="modelPath">The full path of the network's ONNX file.</param>
    /// <param name="inputs">Every input of the run, with its full shape (batch first).</param>
    void Running(string modelPath, IReadOnlyList<ObservedInput> inputs);
}
