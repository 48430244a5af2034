using Pipeline.Tensors;

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
        using var v = Torch.RandnLike(code, noise);                                        // v ~ N(0, I), [N, Z]
        using var vjp = Torch.Grad(new[] { code }, new[] { input }, new Tensor?[] { v }, retainGraph: true, createGraph: true)[0]
            ?? throw new InvalidOperationException("the code does not depend on the input: compute it from the input that requires gradients");
        using var squared = vjp.Square();                                                  // (J_iᵀv_i)², shaped as x
        return squared.Flatten(1).Sum(1);                                                  // ‖J_iᵀv_i‖², [N]
    }

    /// <summary>
    /// The exact ‖J_f(x_i)‖²_F, [N]: one gradient per code dimension j (row j of every J_i is the gradient
    /// of Σ_i z_ij), squared and summed. Costs Z backward passes; for checks and evaluation.
    /// </summary>
    public static Tensor Exact(Func<Tensor, Tensor> encoder, Tensor x)
    {
        using var input = x.Detach();
        input.RequiresGrad = true;
        using var code = encoder(input);                                                   // [N, Z]
        var total = Torch.Zeros(new[] { x.Size(0) }, x.DType, x.Device);
        for (var j = 0; j < code.Size(1); j++)
        {
            using var selector = Torch.Zeros(code.Shape, code.DType, code.Device);
            using (var column = selector.Select(1, j)) column.Fill_(1);                   // e_j for every sample
            using var row = Torch.Grad(new[] { code }, new[] { input }, new Tensor?[] { selector }, retainGraph: true)[0]!;   // ∂z_ij/∂x_i
            using var squared = row.Square();
            using var perSample = squared.Flatten(1).Sum(1);
            total.Add_(perSample);
        }
        return total;
    }
}
