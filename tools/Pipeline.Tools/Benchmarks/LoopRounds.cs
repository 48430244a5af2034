namespace Pipeline.Tools.Benchmarks;

/// <summary>How many interleaved rounds a loop figure takes: at least <see cref="Minimum"/>, then more, up to <see cref="Maximum"/>, while its median's 95% interval is wider than ±<see cref="TargetSpread"/>.</summary>
internal sealed record LoopRounds(int Minimum, int Maximum, double TargetSpread)
{
    /// <summary>Whether round <paramref name="round"/> (from 0) should run, given the ratios so far.</summary>
    public bool Continue(int round, IReadOnlyCollection<double> ratios) =>
        round < Minimum || (round < Maximum && Median.RelativeSpread(ratios) > TargetSpread);
}
