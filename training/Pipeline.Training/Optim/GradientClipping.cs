using Pipeline.Tensors;

namespace Pipeline.Optim;

/// <summary>Gradient-norm clipping (torch.nn.utils.clip_grad_norm_).</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so that their joint p-norm is at most <paramref name="maxNorm"/>;
    /// returns the norm before clipping.
    /// </summary>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Torch.NoGrad();
        var grads = parameters.Select(p => p.Grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return 0;
        var norms = grads.Select(g => g.Norm(normType)).ToList();
        var total = Torch.Stack(norms).Norm(normType).ToDouble();
        var coefficient = maxNorm / (total + 1e-6);
        if (coefficient < 1)
            foreach (var g in grads) g.Mul_(coefficient);
        return total;
    }
}
