using Microsoft.ML.OnnxRuntime;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Models;

/// <summary>
/// One network of a package, run on whole float batches: checks the session's inputs against the manifest,
/// then feeds named float arrays and returns the named outputs. Thread-safe (ONNX Runtime sessions are).
/// </summary>
internal sealed class NetworkRunner : IDisposable
{
    private readonly OnnxSession session;
    private readonly NetworkManifest network;
    private readonly string role;

    public NetworkRunner(string directory, string role, NetworkManifest network, RuntimeOptions options)
    {
        this.role = role;
        this.network = network;
        session = OnnxSession.Open(Path.Combine(directory, network.File), options);
        foreach (var spec in network.Inputs)
        {
            if (!session.Session.InputMetadata.TryGetValue(spec.Name, out var metadata))
                throw new PackageException($"the {role} network has no input '{spec.Name}': export the package again");
            var dims = metadata.Dimensions.Select(d => (long)d).ToArray();
            if (!dims.SequenceEqual(spec.Shape))
                throw new PackageException($"the {role} network takes '{spec.Name}' as [{string.Join(", ", dims)}], the manifest says {spec}: export the package again");
        }
    }

    public ExecutionProvider Provider => session.Provider;

    /// <summary>The session, for callers that bind OrtValues themselves (diffusion sampling loops); owned by this runner.</summary>
    public OnnxSession Session => session;

    /// <summary>Runs <paramref name="count"/> items; inputs are given in manifest order, outputs returned in manifest order.</summary>
    public float[][] Run(int count, params float[][] inputs)
    {
        if (inputs.Length != network.Inputs.Count)
            throw new ArgumentException($"the {role} network takes {network.Inputs.Count} inputs, got {inputs.Length}");
        var values = new List<OrtValue>();
        try
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                var spec = network.Inputs[i];
                var shape = spec.Shape.Select((d, k) => k == 0 ? count : d).ToArray();
                if (inputs[i].Length != count * spec.ItemSize)
                    throw new ArgumentException($"{role} input {spec}: {count} items need {count * spec.ItemSize} values, got {inputs[i].Length}");
                values.Add(OrtValue.CreateTensorValueFromMemory(inputs[i], shape));
            }
            using var runOptions = new RunOptions();
            using var outputs = session.Session.Run(runOptions, network.Inputs.Select(s => s.Name).ToArray(), values,
                network.Outputs.Select(s => s.Name).ToArray());
            return outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray()).ToArray();
        }
        finally
        {
            foreach (var value in values) value.Dispose();
        }
    }

    public void Dispose() => session.Dispose();
}
