using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Models;

namespace Pipeline.Runtime.Quantized;

/// <summary>
/// One generation of a fixed batch from a VQ-VAE package: the prior's autoregressive loop draws the grid of codes one
/// code per <see cref="Step"/> (so a game can spread it over frames), then <see cref="Result"/> looks the codes up in the
/// codebook and runs the decoder. Created by <see cref="VectorQuantizedModel.CreateSampler"/>; dispose it. Not thread-safe.
/// </summary>
public sealed class VectorQuantizedSampler : IStepwiseSampler
{
    private readonly VectorQuantizedModel model;
    private readonly AutoregressiveSampler codes;

    internal VectorQuantizedSampler(VectorQuantizedModel model, AutoregressiveSampler codes)
    {
        this.model = model;
        this.codes = codes;
    }

    /// <summary>Items generated together (N).</summary>
    public int BatchSize => codes.BatchSize;

    /// <summary>The temperature T of every code draw.</summary>
    public double Temperature => codes.Temperature;

    /// <summary>The prior's loop: incremental when the package has a step network and it was asked for.</summary>
    public AutoregressiveDecoding Decoding => codes.Decoding;

    /// <summary>Codes of one grid (h·w): one step each.</summary>
    public int TotalSteps => codes.TotalSteps;

    /// <summary>Codes drawn since <see cref="Reset"/>.</summary>
    public int StepsDone => codes.StepsDone;

    /// <summary>True once every code is drawn: <see cref="Result"/> is ready.</summary>
    public bool IsComplete => codes.IsComplete;

    /// <summary>The codes drawn so far, [N, h·w] (as floats; 0 where not drawn yet).</summary>
    public ReadOnlySpan<float> Codes => codes.Values;

    /// <summary>log p(z) of each item's codes drawn so far under the prior (T = 1), in nats.</summary>
    public ReadOnlySpan<double> LogLikelihoods => codes.LogLikelihoods;

    /// <inheritdoc cref="AutoregressiveSampler.Reset"/>
    public void Reset(long seed, ReadOnlySpan<int> labels = default, int firstItem = 0) => codes.Reset(seed, labels, firstItem);

    /// <summary>Draws the next code of every item; true while codes remain.</summary>
    public bool Step() => codes.Step();

    /// <summary>Draws the remaining codes, reporting progress and honouring cancellation between them.</summary>
    public void Run(IProgress<int>? progress = null, CancellationToken cancellationToken = default) => codes.Run(progress, cancellationToken);

    /// <summary>The decoded images D(e[z]) in [0, 1].</summary>
    public ImageBatch Result()
    {
        if (!IsComplete) throw new InvalidOperationException($"the generation is not finished ({StepsDone} of {TotalSteps} codes): call Step() until it returns false");
        return model.Decode(codes.Values, BatchSize);
    }

    /// <summary>Releases the OrtValues and the IoBinding.</summary>
    public void Dispose() => codes.Dispose();
}
