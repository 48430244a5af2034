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
    private readonly string[] inputNames;
    private readonly string[] outputNames;

    public NetworkRunner(string directory, string role, NetworkManifest network, RuntimeOptions options)
    {
        this.role = role;
        this.network = network;
        inputNames = network.Inputs.Select(s => s.Name).ToArray();
        outputNames = network.Outputs.Select(s => s.Name).ToArray();
        session = OnnxSession.Open(Path.Combine(directory, network.File), options);
        try
        {
            foreach (var spec in network.Inputs)
            {
                // ONNX Runtime leaves initializers out of its inputs, which the file's graph inputs may list.
                if (!session.Session.InputMetadata.TryGetValue(spec.Name, out var metadata))
                    throw new PackageException($"the {role} network has no input '{spec.Name}': export the package again");
                var dims = metadata.Dimensions.Select(d => (long)d).ToArray();
                if (!dims.SequenceEqual(spec.Shape))
                    throw new PackageException($"the {role} network takes '{spec.Name}' as [{string.Join(", ", dims)}], the manifest says {spec}: export the package again");
            }
        }
        catch
        {
            session.Dispose();          // the caller never gets this runner to dispose
            throw;
        }
    }

    public ExecutionProvider Provider => session.Provider;

    /// <summary>The session, for callers that bind OrtValues themselves (diffusion sampling loops); owned by this runner.</summary>
    public OnnxSession Session => session;

    /// <summary>Batches larger than this run in chunks, to bound ONNX Runtime's memory.</summary>
    public const int DefaultChunkSize = 256;

    /// <summary>
    /// Runs <paramref name="count"/> items, <paramref name="chunkSize"/> at a time; inputs are given in manifest order
    /// (each holding count·ItemSize values), outputs returned whole, in manifest order. Chunks are fed as views of the
    /// input arrays (no copies).
    /// </summary>
    public float[][] Run(int count, int chunkSize, params float[][] inputs)
    {
        if (inputs.Length != network.Inputs.Count)
            throw new ArgumentException($"the {role} network takes {network.Inputs.Count} inputs, got {inputs.Length}");
        for (var i = 0; i < inputs.Length; i++)
            if (inputs[i].Length != count * network.Inputs[i].ItemSize)
                throw new ArgumentException($"{role} input {network.Inputs[i]}: {count} items need {count * network.Inputs[i].ItemSize} values, got {inputs[i].Length}");
        var outputs = network.Outputs.Select(o => new float[count * o.ItemSize]).ToArray();
        for (var start = 0; start < count; start += chunkSize)
        {
            var n = Math.Min(chunkSize, count - start);
            var values = new List<OrtValue>(inputs.Length);
            var observed = session.Observer is null ? null : new List<ObservedInput>(inputs.Length);
            try
            {
                for (var i = 0; i < inputs.Length; i++)
                {
                    var spec = network.Inputs[i];
                    var shape = spec.Shape.Select((d, k) => k == 0 ? n : d).ToArray();
                    var slice = inputs[i].AsMemory((int)(start * spec.ItemSize), (int)(n * spec.ItemSize));
                    values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, slice, shape));
                    observed?.Add(new ObservedInput(spec.Name, shape, slice));
                }
                if (observed is not null) session.Observer!.Running(session.ModelPath, observed);
                using var runOptions = new RunOptions();
                using var results = session.Session.Run(runOptions, inputNames, values, outputNames);
                for (var k = 0; k < outputs.Length; k++)
                    results[k].GetTensorDataAsSpan<float>().CopyTo(outputs[k].AsSpan((int)(start * network.Outputs[k].ItemSize)));
            }
            finally
            {
                foreach (var value in values) value.Dispose();
            }
        }
        return outputs;
    }

    /// <summary>Runs <paramref name="count"/> items in chunks of <see cref="DefaultChunkSize"/>.</summary>
    public float[][] Run(int count, params float[][] inputs) => Run(count, DefaultChunkSize, inputs);

    public void Dispose() => session.Dispose();
}
