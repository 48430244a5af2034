using Pipeline.Tensors;

namespace Pipeline.Optim;

/// <summary>Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay (as torch.optim.SGD).</summary>
public sealed class Sgd : Optimizer
{
    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0,
        double weightDecay = 0, bool nesterov = false)
        : base(parameters, learningRate)
    {
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum needs a positive momentum and zero dampening");
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
    }

    public double Momentum { get; }
    public double Dampening { get; }
    public double WeightDecay { get; }
    public bool Nesterov { get; }

    protected override void Update(Tensor parameter, Tensor grad, Dictionary<string, Tensor> state)
    {
        // d = g + λ·θ
        using var d = WeightDecay != 0 ? grad.Add(parameter, WeightDecay) : grad.Alias();
        if (Momentum == 0)
        {
            parameter.Add_(d, -LearningRate);
            return;
        }
        // b ← μ·b + (1 − τ)·d   (b = d at the first step)
        var first = !state.ContainsKey("momentum_buffer");
        var buffer = StateTensor(state, "momentum_buffer", parameter);
        if (first) buffer.Copy_(d);
        else buffer.Mul_(Momentum).Add_(d, 1 - Dampening);
        // θ ← θ − η·(d + μ·b) with Nesterov, θ − η·b otherwise
        if (Nesterov)
        {
            using var step = d.Add(buffer, Momentum);
            parameter.Add_(step, -LearningRate);
        }
        else
        {
            parameter.Add_(buffer, -LearningRate);
        }
    }
}
