using Pipeline.Tensors;

namespace Pipeline.Optim;

/// <summary>Adam with decoupled weight decay (torch.optim.AdamW; default λ = 0.01).</summary>
public sealed class AdamW : Adam
{
    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0.01)
        : base(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupledWeightDecay: true)
    {
    }
}
