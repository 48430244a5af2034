namespace Pipeline.Optim;

/// <summary>η = η₀·γ^⌊step/StepSize⌋.</summary>
public sealed class StepLR : LearningRateScheduler
{
    public StepLR(Optimizer optimizer, long stepSize, double gamma = 0.1) : base(optimizer)
    {
        if (stepSize <= 0) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "the step size must be positive");
        StepSize = stepSize;
        Gamma = gamma;
    }

    public long StepSize { get; }
    public double Gamma { get; }

    public override double LearningRateAt(long step) => BaseLearningRate * Math.Pow(Gamma, step / StepSize);
}
