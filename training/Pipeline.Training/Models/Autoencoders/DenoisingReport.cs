namespace Pipeline.Models.Autoencoders;

/// <summary>
/// How well a model cleans corrupted test images: the mean squared error per pixel of its output
/// g(f(x̃)) against the clean x, beside that of the corrupted input x̃ itself.
/// </summary>
public sealed record DenoisingReport(double NoiseStd, double DenoisedMse, double NoisyInputMse)
{
    /// <summary>How many times the model lowers the corruption's error.</summary>
    public double Improvement => NoisyInputMse / DenoisedMse;
}
