using static TorchSharp.torch;

namespace Pipeline.Models.Variational;

/// <summary>
/// The AR-VAE's attribute regularization (seed 004; Pati and Lerch 2020, eq. 6): over a batch of m items, with
/// D_r(i, j) = z_i^r − z_j^r for the regularized latent dimension r and D_a(i, j) = a(x_i) − a(x_j) for its attribute a,
/// L_{r,a} = MAE(tanh(δ·D_r) − sign(D_a)), the mean over the m² pairs: it asks z^r to order the items as a does, δ
/// setting how far apart z^r must be to count as ordered.
/// </summary>
public static class AttributeRegularization
{
    /// <param name="latent">z^r [m], the regularized dimension of each item's sampled code.</param>
    /// <param name="attribute">a(x) [m], each item's attribute.</param>
    /// <param name="delta">δ, the spread of tanh.</param>
    public static Tensor Loss(Tensor latent, Tensor attribute, double delta)
    {
        var latentDistances = latent.unsqueeze(1) - latent.unsqueeze(0);            // D_r [m, m]
        var attributeDistances = attribute.unsqueeze(1) - attribute.unsqueeze(0);   // D_a [m, m]
        return (tanh(delta * latentDistances) - attributeDistances.sign()).abs().mean();
    }
}
