using Pipeline.Tensors;

namespace Pipeline.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba 2015, Algorithm 1) as torch.optim.Adam; with <paramref name="decoupledWeightDecay"/>
/// it is AdamW (Loshchilov &amp; Hutter 2019). WGAN-GP uses β1 = 0, β2 = 0.9.
/// </summary>
public class Adam : Optimizer
{
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0, bool decoupledWeightDecay = false)
        : base(parameters, learningRate)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(beta1), $"betas must be in [0, 1), got ({beta1}, {beta2})");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        DecoupledWeightDecay = decoupledWeightDecay;
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }
    public double WeightDecay { get; }
    public bool DecoupledWeightDecay { get; }

    protected override void Update(Tensor parameter, Tensor grad, Dictionary<string, Tensor> state)
    {
        var step = StepCount;
        // AdamW: θ ← θ·(1 − ηλ); Adam: g ← g + λθ
        if (WeightDecay != 0 && DecoupledWeightDecay) parameter.Mul_(1 - LearningRate * WeightDecay);
        using var g = WeightDecay != 0 && !DecoupledWeightDecay ? grad.Add(parameter, WeightDecay) : grad.Alias();

        var m = StateTensor(state, "exp_avg", parameter);
        var v = StateTensor(state, "exp_avg_sq", parameter);
        // m ← β1·m + (1 − β1)·g ;  v ← β2·v + (1 − β2)·g²
        m.Lerp_(g, 1 - Beta1);
        v.Mul_(Beta2).AddCMul_(g, g, 1 - Beta2);

        // θ ← θ − η/(1 − β1ᵗ) · m / (√v/√(1 − β2ᵗ) + ε)
        var biasCorrection1 = 1 - Math.Pow(Beta1, step);
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, step));
        using var denominator = v.Sqrt();
        denominator.Div_(biasCorrection2Sqrt).Add_(Eps);
        parameter.AddCDiv_(m, denominator, -LearningRate / biasCorrection1);
    }
}
