using Microsoft.ML.OnnxRuntime;

namespace Pipeline.Runtime.Sessions;

/// <summary>
/// A network's float inputs and outputs for a fixed shape: arrays allocated once (or given by the caller), wrapped in
/// OrtValues (which pin them) and bound once in a <see cref="HostInputBinding"/>, so <see cref="Run"/> allocates nothing on
/// the CPU. Callers write the input arrays in place and read the outputs after each run. Owns the OrtValues, the binding
/// and the run options; the session is not owned. Not thread-safe.
/// </summary>
internal sealed class BoundNetwork : IDisposable
{
    private readonly OnnxSession session;
    private readonly Dictionary<string, float[]> buffers = new();
    private readonly List<ObservedInput> observed = new();
    private readonly List<OrtValue> values = new();
    private readonly HostInputBinding binding;
    private readonly RunOptions runOptions = new();

    /// <param name="session">The network's session (not owned).</param>
    /// <param name="inputs">Each input's name, full shape and, optionally, the array to bind (it must hold the shape's values).</param>
    /// <param name="outputs">Each output's name and full shape.</param>
    public BoundNetwork(OnnxSession session, IEnumerable<(string Name, long[] Shape, float[]? Buffer)> inputs, IEnumerable<(string Name, long[] Shape)> outputs)
        : this(session, inputs, outputs.Select(o => (o.Name, o.Shape, (float[]?)null)))
    {
    }

    /// <param name="session">The network's session (not owned).</param>
    /// <param name="inputs">Each input's name, full shape and, optionally, the array to bind (it must hold the shape's values).</param>
    /// <param name="outputs">Each output's name, full shape and, optionally, the array to write it into (so one binding's output can be another's input).</param>
    public BoundNetwork(OnnxSession session, IEnumerable<(string Name, long[] Shape, float[]? Buffer)> inputs, IEnumerable<(string Name, long[] Shape, float[]? Buffer)> outputs)
        : this(session)
    {
        (string, long[], Memory<float>) Registered((string Name, long[] Shape, float[]? Buffer) tensor)
        {
            var buffer = buffers[tensor.Name] = tensor.Buffer ?? new float[Size(tensor.Shape)];
            return (tensor.Name, tensor.Shape, buffer);
        }
        BindAll(inputs.Select(Registered), outputs.Select(Registered));
    }

    private BoundNetwork(OnnxSession session)
    {
        this.session = session;
        binding = new HostInputBinding(session);
    }

    /// <summary>
    /// A binding over pieces of the caller's arrays: each input and output is bound to <c>Values</c>, which must hold its
    /// shape's values exactly. Views of one array may be bound in several bindings at once (a cache that one network
    /// writes and another reads). <see cref="this[string]"/> knows none of them.
    /// </summary>
    public static BoundNetwork OverViews(OnnxSession session, IEnumerable<(string Name, long[] Shape, Memory<float> Values)> inputs, IEnumerable<(string Name, long[] Shape, Memory<float> Values)> outputs)
    {
        var network = new BoundNetwork(session);
        network.BindAll(inputs, outputs);
        return network;
    }

    /// <summary>The array bound to input or output <paramref name="name"/>.</summary>
    public float[] this[string name] => buffers[name];

    /// <summary>The array bound to <paramref name="name"/>, or null when the network has no such input or output bound.</summary>
    public float[]? Find(string name) => buffers.GetValueOrDefault(name);

    /// <summary>Runs the network on the bound inputs into the bound outputs; no managed allocation on the CPU.</summary>
    public void Run()
    {
        session.Observer?.Running(session.ModelPath, observed);
        binding.Run(runOptions);
    }

    public void Dispose()
    {
        binding.Dispose();
        runOptions.Dispose();
        foreach (var value in values) value.Dispose();
        values.Clear();
    }

    /// <summary>Binds every input and output to its values; on a failure, releases what was bound and rethrows.</summary>
    private void BindAll(IEnumerable<(string Name, long[] Shape, Memory<float> Values)> inputs, IEnumerable<(string Name, long[] Shape, Memory<float> Values)> outputs)
    {
        try
        {
            foreach (var (name, shape, memory) in inputs)
            {
                binding.BindHostInput(name, Bind(name, shape, memory));
                observed.Add(new ObservedInput(name, shape, memory));
            }
            foreach (var (name, shape, memory) in outputs) binding.BindOutput(name, Bind(name, shape, memory));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private OrtValue Bind(string name, long[] shape, Memory<float> memory)
    {
        if (memory.Length != Size(shape)) throw new ArgumentException($"'{name}' of shape [{string.Join(", ", shape)}] needs {Size(shape)} values, the buffer holds {memory.Length}");
        var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, memory, shape);
        values.Add(value);
        return value;
    }

    private static long Size(long[] shape) => shape.Aggregate(1L, (a, d) => a * d);
}
