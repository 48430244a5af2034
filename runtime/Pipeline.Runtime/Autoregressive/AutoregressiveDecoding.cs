namespace Pipeline.Runtime.Autoregressive;

/// <summary>How the sampler computes each position's conditional.</summary>
public enum AutoregressiveDecoding
{
    /// <summary>The package's step network when it has one (NADE's recursion, PixelCNN's cached layers), else the whole network.</summary>
    Incremental,

    /// <summary>The whole "logits" network once per position: D forward passes per image (the reference the fast loop must match).</summary>
    Naive,
}
