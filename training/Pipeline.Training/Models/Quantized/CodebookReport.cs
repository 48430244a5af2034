namespace Pipeline.Models.Quantized;

/// <summary>How well a VQ-VAE reconstructs a dataset and how it uses its codebook there.</summary>
/// <param name="ReconstructionMse">Mean squared error per pixel of D(z_q(x)) against x, intensities in [0, 1].</param>
/// <param name="Perplexity">exp of the entropy of the code frequencies over the whole dataset (K at most).</param>
/// <param name="UsedCodes">Codes picked at least once.</param>
/// <param name="Codes">K.</param>
/// <param name="Images">Images measured.</param>
public sealed record CodebookReport(double ReconstructionMse, double Perplexity, int UsedCodes, int Codes, int Images)
{
    /// <summary>Codes never picked on the dataset.</summary>
    public int DeadCodes => Codes - UsedCodes;
}
