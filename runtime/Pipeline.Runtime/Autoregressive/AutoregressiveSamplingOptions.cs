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

    /// <summary>Throws on options no sampler can use.</summary>
    public void Validate()
    {
        if (!(Temperature > 0) || !double.IsFinite(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "the temperature must be a finite number above 0 (1 samples the model)");
        if (!Enum.IsDefined(Decoding))
            throw new ArgumentOutOfRangeException(nameof(Decoding), Decoding, $"use one of {string.Join(", ", Enum.GetNames<AutoregressiveDecoding>())}");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "the batch size must be at least 1");
    }
}
