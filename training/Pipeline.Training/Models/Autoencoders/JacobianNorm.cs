using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// The squared Frobenius norm ‖J_f(x)‖²_F = Σ_jk (∂z_j/∂x_k)² of an encoder's Jacobian, per sample,
/// for encoders where z_i depends on x_i alone (no coupling across the batch).
/// </summary>
public static class JacobianNorm
{
    /// <summary>
    /// Hutchinson's estimator: for v ~ N(0, I) over the code dimensions, E_v ‖Jᵀv‖² = E_v vᵀJJᵀv =
    /// tr(JJᵀ) = ‖J‖²_F, so ‖Jᵀv‖² with one draw of v is an unbiased estimate. Jᵀv is one
    /// vector-Jacobian product: the gradient of Σ_i v_i·z_i with respect to the input, which holds
    /// J_iᵀv_i in row i because z_i depends on x_i alone; it is computed with a graph
    /// (createGraph) so the penalty can be back-propagated into the encoder.
    /// <paramref name="input"/> must require gradients and <paramref name="code"/> be computed from it.
    /// Returns [N] estimates.
    /// </summary>
    public static Tensor Hutchinson(Tensor code, Tensor input, Generator noise)
    {
        RequireGraph(code, input);
        using var v = Noise.RandnLike(code, noise);                                                         // v ~ N(0, I), [N, Z]
        using var vjp = autograd.grad([code], [input], [v], retain_graph: true, create_graph: true)[0];   // Jᵀv, shaped as x
        using var squared = vjp.square();                                                                   // (J_iᵀv_i)²
        return squared.flatten(1).sum(1);                                                                   // ‖J_iᵀv_i‖², [N]
    }

    /// <summary>
    /// The exact ‖J_f(x_i)‖²_F, [N]: one gradient per code dimension j (row j of every J_i is the gradient
    /// of Σ_i z_ij), squared and summed. Costs Z backward passes; for checks and evaluation.
    /// </summary>
    public static Tensor Exact(Func<Tensor, Tensor> encoder, Tensor x)
    {
        using var input = x.detach().requires_grad_();
        using var code = encoder(input);                                                   // [N, Z]
        RequireGraph(code, input);
        var total = zeros([x.size(0)], x.dtype, x.device);
        for (var j = 0; j < code.size(1); j++)
        {
            using var scope = NewDisposeScope();
            var selector = zeros_like(code);
            selector.select(1, j).fill_(1);                                                // e_j for every sample
            var row = autograd.grad([code], [input], [selector], retain_graph: true)[0];  // ∂z_ij/∂x_i
            total.add_(row.square().flatten(1).sum(1));
        }
        return total;
    }

    /// <summary>
    /// TorchSharp 0.107 aborts the process (instead of throwing) when autograd.grad meets a graph it cannot
    /// differentiate, so the two ways that happens here are refused first.
    /// </summary>
    private static void RequireGraph(Tensor code, Tensor input)
    {
        if (!input.requires_grad)
            throw new ArgumentException("the input does not require gradients: pass x.detach().requires_grad_() and compute the code from it");
        if (!code.requires_grad)
            throw new ArgumentException("the code does not depend on the input: compute it from the input that requires gradients (and not under no_grad)");
    }
}
