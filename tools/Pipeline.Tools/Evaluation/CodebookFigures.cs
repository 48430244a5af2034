namespace Pipeline.Tools.Evaluation;

/// <summary>
/// A VQ-VAE package on test images, through the runtime: reconstruction through the codebook, codebook usage, and the
/// prior's exact −log p(z) of the test codes.
/// </summary>
/// <param name="Images">Test images measured.</param>
/// <param name="ReconstructionMse">Mean squared error per pixel of D(z_q(x)) against x (intensities in [0, 1]).</param>
/// <param name="Perplexity">exp of the entropy of the test codes' frequencies (at most <paramref name="Codes"/>).</param>
/// <param name="DeadCodes">Codes no test image uses.</param>
/// <param name="Codes">K.</param>
/// <param name="PriorNatsPerGrid">−log p(z) of the test codes (given each image's class for a conditional prior), nats per image.</param>
/// <param name="Positions">Codes per image (h·w).</param>
public sealed record CodebookFigures(int Images, double ReconstructionMse, double Perplexity, int DeadCodes, int Codes, double PriorNatsPerGrid, int Positions)
{
    /// <summary>The prior's −log p(z) in bits per code.</summary>
    public double PriorBitsPerCode => PriorNatsPerGrid / (Positions * Math.Log(2));
}
