namespace Pipeline.Optim;

/// <summary>η = η_min + (η₀ − η_min)·(1 + cos(π·t/T_max))/2, held at η_min after T_max (SGDR without restarts).</summary>
public sealed class CosineAnnealingLR : LearningRateScheduler
{
    public CosineAnnealingLR(Optimizer optimizer, long tMax, double etaMin = 0) : base(optimizer)
    {
        if (tMax <= 0) throw new ArgumentOutOfRangeException(nameof(tMax), tMax, "T_max must be positive");
        TMax = tMax;
        EtaMin = etaMin;
    }

    public long TMax { get; }
    public double EtaMin { get; }

    public override double LearningRateAt(long step)
    {
        var t = Math.Min(step, TMax);
        return EtaMin + (BaseLearningRate - EtaMin) * (1 + Math.Cos(Math.PI * t / TMax)) / 2;
    }
}
