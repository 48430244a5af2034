namespace Pipeline.Models.Autoencoders;

/// <summary>
/// Test-set reconstruction error of an autoencoder (mean squared error per pixel, pixels in [0, 1]),
/// beside the error of always answering the training set's mean image.
/// </summary>
public sealed record ReconstructionReport(double TestMse, double MeanImageMse)
{
    /// <summary>How many times lower the model's error is than the mean-image baseline.</summary>
    public double ImprovementOverBaseline => MeanImageMse / TestMse;
}
