namespace Pipeline.Models.Autoencoders;

/// <summary>The default fully connected network of the regularized autoencoders (sparse, contractive, constrained).</summary>
public static class RegularizedNetworks
{
    /// <summary>784-256-128-32 and back, ReLU between layers, a linear code, a sigmoid on the output (pixels in [0, 1]).</summary>
    public static MlpAutoencoderConfig Default => new()
    {
        HiddenSizes = new[] { 256, 128 },
        LatentSize = 32,
        Output = OutputActivation.Sigmoid,
    };
}
