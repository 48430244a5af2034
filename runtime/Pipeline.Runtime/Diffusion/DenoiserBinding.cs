using Microsoft.ML.OnnxRuntime;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// The denoiser's inputs and output for a fixed number of rows, bound once (a <see cref="BoundNetwork"/>): <see cref="Run"/>
/// is <see cref="InferenceSession.RunWithBinding"/> and allocates nothing. Writers fill the arrays in place.
/// Owns the OrtValues, the binding and the run options; the session belongs to the model.
/// </summary>
internal sealed class DenoiserBinding : IDisposable
{
    private readonly BoundNetwork network;
    private readonly float[] sample, timestep, epsilon;
    private readonly float[]? label;

    /// <param name="session">The denoiser's session (not owned).</param>
    /// <param name="rows">Items per network call (N, or 2N under guidance).</param>
    /// <param name="sampleShape">One item's shape without the batch.</param>
    /// <param name="classCount">K of the "label" input, or 0 for an unconditional denoiser.</param>
    public DenoiserBinding(OnnxSession session, int rows, long[] sampleShape, int classCount)
    {
        var shape = sampleShape.Prepend(rows).ToArray();              // [rows, ...sample_shape]
        var inputs = new List<(string, long[], float[]?)>
        {
            (DiffusionManifestRules.Sample, shape, null),
            (DiffusionManifestRules.Timestep, [rows], null),            // [rows]
        };
        if (classCount > 0) inputs.Add((DiffusionManifestRules.Label, [rows, classCount], null));   // [rows, K]
        network = new BoundNetwork(session, inputs, [(DiffusionManifestRules.Epsilon, shape)]);
        (sample, timestep, epsilon, label) = (network[DiffusionManifestRules.Sample], network[DiffusionManifestRules.Timestep],
                                              network[DiffusionManifestRules.Epsilon], network.Find(DiffusionManifestRules.Label));
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
    public void Run() => network.Run();

    public void Dispose() => network.Dispose();
}
