using Microsoft.ML.OnnxRuntime;
using Pipeline.Runtime.Packages;

namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// The denoiser's inputs and output for a fixed number of rows: arrays allocated once, wrapped in OrtValues
/// (which pin them) and bound once in an <see cref="OrtIoBinding"/>; <see cref="Run"/> is
/// <see cref="InferenceSession.RunWithBinding"/> and allocates nothing. Writers fill the arrays in place.
/// Owns the OrtValues, the binding and the run options; the session belongs to the model.
/// </summary>
internal sealed class DenoiserBinding : IDisposable
{
    private readonly InferenceSession session;
    private readonly float[] sample, timestep, epsilon;
    private readonly float[]? label;
    private readonly List<OrtValue> values = new();
    private readonly OrtIoBinding binding;
    private readonly RunOptions runOptions;

    /// <param name="session">The denoiser's session (not owned).</param>
    /// <param name="rows">Items per network call (N, or 2N under guidance).</param>
    /// <param name="sampleShape">One item's shape without the batch.</param>
    /// <param name="classCount">K of the "label" input, or 0 for an unconditional denoiser.</param>
    public DenoiserBinding(InferenceSession session, int rows, long[] sampleShape, int classCount)
    {
        this.session = session;
        var itemSize = (int)sampleShape.Aggregate(1L, (a, d) => a * d);
        var shape = sampleShape.Prepend(rows).ToArray();              // [rows, ...sample_shape]
        sample = new float[rows * itemSize];
        epsilon = new float[rows * itemSize];
        timestep = new float[rows];                                     // [rows]
        label = classCount > 0 ? new float[rows * classCount] : null;   // [rows, K]
        runOptions = new RunOptions();
        binding = session.CreateIoBinding();
        try
        {
            binding.BindInput(DiffusionManifestRules.Sample, Track(OrtValue.CreateTensorValueFromMemory(sample, shape)));
            binding.BindInput(DiffusionManifestRules.Timestep, Track(OrtValue.CreateTensorValueFromMemory(timestep, new long[] { rows })));
            if (label is not null)
                binding.BindInput(DiffusionManifestRules.Label, Track(OrtValue.CreateTensorValueFromMemory(label, new long[] { rows, classCount })));
            binding.BindOutput(DiffusionManifestRules.Epsilon, Track(OrtValue.CreateTensorValueFromMemory(epsilon, shape)));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The "sample" input x_t, [rows, ...sample_shape].</summary>
    public Span<float> Sample => sample;

    /// <summary>The "timestep" input, [rows].</summary>
    public Span<float> Timestep => timestep;

    /// <summary>The one-hot "label" input, [rows, K]; empty for an unconditional denoiser.</summary>
    public Span<float> Label => label;

    /// <summary>The "epsilon" output ε̂, [rows, ...sample_shape], valid after <see cref="Run"/>.</summary>
    public ReadOnlySpan<float> Epsilon => epsilon;

    /// <summary>Runs the denoiser on the bound inputs into the bound output; no managed allocation.</summary>
    public void Run() => session.RunWithBinding(runOptions, binding);

    public void Dispose()
    {
        binding.Dispose();
        runOptions.Dispose();
        foreach (var value in values) value.Dispose();
        values.Clear();
    }

    private OrtValue Track(OrtValue value)
    {
        values.Add(value);
        return value;
    }
}
