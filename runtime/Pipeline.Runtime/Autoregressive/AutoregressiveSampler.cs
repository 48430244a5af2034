using System.Runtime.CompilerServices;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// One generation of a fixed batch, a position at a time (seed 001: x_i ~ p(x_i | x_&lt;i), i = 1..D), so a game can spread it
/// over frames: <c>Reset(seed, labels)</c>, then <c>Step()</c> until it returns false, then <c>Result()</c>.
/// Created by <see cref="AutoregressiveModel.CreateSampler"/>; owns its buffers, OrtValues and IoBinding (dispose it), and
/// may be reset and reused for any number of generations. Not thread-safe (use one per thread).
/// </summary>
/// <remarks>
/// <see cref="Step"/> allocates nothing on the managed heap: the networks' inputs and outputs are bound once, and each item
/// draws its uniforms from its own <see cref="SeededRandom"/> stream of (seed, item) (all items' at once:
/// <see cref="SeededStreams"/>), so an image does not depend on the batch it falls in, nor on whether the naive or the
/// incremental loop runs.
/// </remarks>
public sealed class AutoregressiveSampler : IStepwiseSampler
{
    private readonly AutoregressiveModel model;
    private readonly PositionDecoder decoder;
    private readonly int positions, categories;
    private readonly int[] order;
    private readonly float[] values;              // [N, D] category values, as the networks read them
    private readonly float[] probabilities;       // [N, K] of the last step, at the temperature (its weights until asked for)
    private readonly double[] logLikelihoods;     // [N] Σ log p(x_i | x_<i) of the values drawn so far
    private readonly SeededStreams randoms;       // one stream per item
    private readonly CategoricalDraw draws;
    private readonly double[] uniforms;           // [N] of the step
    private readonly int[] drawn;                 // [N] of the step
    private readonly double[] logProbabilities;   // [N] of the step
    private int firstItem;                        // of the batch in the request (Reset)
    private bool normalized = true;               // whether probabilities holds probabilities yet
    private bool started;

    internal AutoregressiveSampler(AutoregressiveModel model, int batchSize, AutoregressiveSamplingOptions options)
    {
        this.model = model;
        BatchSize = batchSize;
        Temperature = options.Temperature;
        var spec = model.Spec;
        (positions, categories) = (spec.Positions, spec.Categories);
        order = spec.Order ?? Enumerable.Range(0, positions).ToArray();
        values = new float[batchSize * positions];
        probabilities = new float[batchSize * categories];
        logLikelihoods = new double[batchSize];
        randoms = new SeededStreams(batchSize);
        draws = new CategoricalDraw(batchSize, categories, Temperature);
        uniforms = new double[batchSize];
        drawn = new int[batchSize];
        logProbabilities = new double[batchSize];
        Decoding = options.Decoding == AutoregressiveDecoding.Incremental && model.HasStepNetwork ? AutoregressiveDecoding.Incremental : AutoregressiveDecoding.Naive;
        decoder = model.CreateDecoder(Decoding, batchSize, order, values);
    }

    /// <summary>Items generated together (N).</summary>
    public int BatchSize { get; }

    /// <summary>The temperature T of every draw.</summary>
    public double Temperature { get; }

    /// <summary>The loop in use: <see cref="AutoregressiveDecoding.Incremental"/> only when the package has a step network.</summary>
    public AutoregressiveDecoding Decoding { get; }

    /// <summary>Positions of one generation (D): one step each.</summary>
    public int TotalSteps => positions;

    /// <summary>Positions drawn since <see cref="Reset"/>.</summary>
    public int StepsDone { get; private set; }

    /// <summary>True once every position is drawn: <see cref="Result"/> is ready.</summary>
    public bool IsComplete => started && StepsDone == TotalSteps;

    /// <summary>The values drawn so far, [N, D] (category values as floats; 0 where not drawn yet).</summary>
    public ReadOnlySpan<float> Values => values;

    /// <summary>The distribution the last step drew from, [N, K] (softmax of the logits / T): its weights divided by their sum when first asked for.</summary>
    public ReadOnlySpan<float> LastProbabilities
    {
        get
        {
            if (!normalized) draws.Normalize(probabilities);
            normalized = true;
            return probabilities;
        }
    }

    /// <summary>log p(x) of each item's values drawn so far under the model (T = 1), in nats: the full log-likelihood once complete.</summary>
    public ReadOnlySpan<double> LogLikelihoods => logLikelihoods;

    /// <summary>
    /// Starts a generation. Item n draws its uniforms from the stream of (<paramref name="seed"/>, <paramref name="firstItem"/> + n),
    /// so a chunk of a larger batch gets the same images as one big batch.
    /// </summary>
    /// <param name="seed">Same seed, same result.</param>
    /// <param name="labels">One class per item for a class-conditional package; empty otherwise.</param>
    /// <param name="firstItem">The index of this batch's first item in a larger request.</param>
    public void Reset(long seed, ReadOnlySpan<int> labels = default, int firstItem = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstItem);
        model.CheckLabels(labels, BatchSize);
        Array.Clear(values);
        Array.Clear(logLikelihoods);
        for (var n = 0; n < BatchSize; n++) randoms.Reset(n, NoiseStreams.ItemSeed(seed, firstItem + (long)n));
        this.firstItem = firstItem;
        decoder.Reset(labels);
        StepsDone = 0;
        started = true;
    }

    /// <summary>Draws the next position of every item; returns true while positions remain, false once complete (then it does nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Step()
    {
        if (!started) throw new InvalidOperationException("call Reset(seed, labels) before Step()");
        if (StepsDone == TotalSteps) return false;
        var position = order[StepsDone];
        // 1. The conditional p(x_position | the values before it) of every item, as logits [N, K].
        var logits = decoder.Logits(StepsDone);
        // 2. x ~ softmax(logits / T) by inversion of one uniform per item; log p(x) under the model accumulates.
        randoms.NextDoubles(uniforms);
        draws.Where = (firstItem, position);
        draws.Draw(logits, uniforms, probabilities, drawn, logProbabilities);
        normalized = false;
        for (var n = 0; n < BatchSize; n++)
        {
            values[n * positions + position] = drawn[n];
            logLikelihoods[n] += logProbabilities[n];
        }
        // 3. The decoder takes the drawn values into its state (NADE's sum, PixelCNN's caches).
        decoder.Commit(StepsDone, drawn);
        StepsDone++;
        return StepsDone < TotalSteps;
    }

    /// <summary>Draws the remaining positions; reports <see cref="StepsDone"/> after each and throws <see cref="OperationCanceledException"/> between steps when cancelled.</summary>
    public void Run(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!started) throw new InvalidOperationException("call Reset(seed, labels) before Run()");
        StepwiseSampling.RunToEnd(this, progress, cancellationToken);
    }

    /// <summary>The finished images: intensities value / (K − 1) in [0, 1].</summary>
    public ImageBatch Result()
    {
        if (!IsComplete) throw new InvalidOperationException($"the generation is not finished ({StepsDone} of {TotalSteps} positions): call Step() until it returns false");
        return model.ToImages(values, BatchSize);
    }

    /// <summary>Releases the OrtValues and the IoBinding.</summary>
    public void Dispose() => decoder.Dispose();
}
