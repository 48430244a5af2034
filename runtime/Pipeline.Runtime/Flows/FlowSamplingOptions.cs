namespace Pipeline.Runtime.Flows;

/// <summary>How a flow package is sampled.</summary>
public sealed record FlowSamplingOptions
{
    /// <summary>T: z ~ N(0, T²I); 1 samples the model, below 1 trades diversity for cleaner samples (Kingma and Dhariwal 2018).</summary>
    public double Temperature { get; init; } = 1;

    /// <summary>Items inverted together (larger requests run in chunks of this size; the draws do not depend on it).</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>Items per pass of the likelihood.</summary>
    internal const int DefaultChunk = 256;

    /// <summary>Throws on options no sampler can use.</summary>
    public void Validate()
    {
        if (!(Temperature >= 0) || !double.IsFinite(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "the temperature must be a finite number of 0 or more (1 samples the model)");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "the batch size must be at least 1");
    }
}
