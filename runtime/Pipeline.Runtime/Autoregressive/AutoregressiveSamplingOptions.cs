namespace Pipeline.Runtime.Autoregressive;

/// <summary>How an autoregressive package is sampled.</summary>
public sealed record AutoregressiveSamplingOptions
{
    /// <summary>T: each conditional is drawn from softmax(logits / T); 1 samples the model, below 1 sharpens it.</summary>
    public double Temperature { get; init; } = 1;

    /// <summary>The step network when the package has one, or the whole network per position.</summary>
    public AutoregressiveDecoding Decoding { get; init; } = AutoregressiveDecoding.Incremental;

    /// <summary>Images generated together (larger requests run in chunks of this size).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Chunks sampled at once, each on a thread of its own; a request is cut so that every worker has a chunk (chunks of
    /// min(<see cref="BatchSize"/>, ⌈count / workers⌉)). The images are the same whatever the workers. Give the package
    /// <c>RuntimeOptions.IntraOpThreads = 1</c> with it, so that each network run stays on its worker's thread (step
    /// networks already run on one, <c>RuntimeOptions.StepNetworkThreads</c>). Measured on 2 cores with two workers against
    /// one on the default threads (`tools/pipeline bench workers`, 2026-12-05): PixelCNN 1.16×, the VQ-VAE 1.31×, NADE
    /// 1.17× the images per second; MADE 0.98–1.22× in earlier runs.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>Throws on options no sampler can use.</summary>
    public void Validate()
    {
        if (!(Temperature > 0) || !double.IsFinite(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "the temperature must be a finite number above 0 (1 samples the model)");
        if (!Enum.IsDefined(Decoding))
            throw new ArgumentOutOfRangeException(nameof(Decoding), Decoding, $"use one of {string.Join(", ", Enum.GetNames<AutoregressiveDecoding>())}");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "the batch size must be at least 1");
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "the workers must be at least 1 (1 samples the chunks one after the other)");
    }
}
