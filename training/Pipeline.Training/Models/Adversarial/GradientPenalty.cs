using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// WGAN-GP's penalty (Gulrajani et al. 2017, Algorithm 1, lines 4–7): at interpolates x̂ = εx + (1 − ε)x̃ with one
/// ε ~ U[0, 1] per item, λ·mean((‖∇ₓ̂ D(x̂)‖₂ − 1)²). The gradient is taken with create_graph (and retain_graph, which
/// TorchSharp does not imply), so the penalty's own gradient reaches the critic's weights: a double backward.
/// </summary>
public static class GradientPenalty
{
    /// <param name="critic">x [N, …] → scores [N] (the critic's real/fake score only).</param>
    /// <param name="real">x [N, …], the data.</param>
    /// <param name="fake">x̃ [N, …], generated samples (detached).</param>
    /// <param name="epsilon">ε [N], each in [0, 1].</param>
    public static Tensor Compute(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Tensor epsilon, double weight)
    {
        var shape = new long[real.dim()];
        Array.Fill(shape, 1L);
        shape[0] = real.shape[0];
        var e = epsilon.reshape(shape);
        var interpolates = (e * real + (1 - e) * fake).detach().requires_grad_(true);   // x̂ = εx + (1 − ε)x̃
        var scores = critic(interpolates);
        var gradient = torch.autograd.grad([scores.sum()], [interpolates], create_graph: true, retain_graph: true)[0];
        var norm = gradient.flatten(1).pow(2).sum(1).add(1e-12).sqrt();                   // ‖∇ₓ̂ D(x̂)‖₂ per item
        return weight * (norm - 1).pow(2).mean();
    }
}
