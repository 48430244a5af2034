namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// How many interleaved rounds a bench figure takes (`bench ddpm`, `bench loops`): at least <see cref="Minimum"/>, then
/// more, up to <see cref="Maximum"/>, while its median's 95% interval is wider than ±<see cref="TargetSpread"/> (0.02: ±2%).
/// </summary>
internal sealed record AdaptiveRounds(int Minimum, int Maximum, double TargetSpread)
{
    /// <summary>Whether round <paramref name="round"/> (from 0) should run, given the relative spread of the medians so far (<see cref="Median.RelativeSpread"/>).</summary>
    public bool Continue(int round, double spread) => round < Minimum || (round < Maximum && spread > TargetSpread);

    /// <summary>"m to M interleaved rounds (until each median is known within ±s %)", for a bench's header line.</summary>
    public override string ToString() => $"{Minimum} to {Maximum} interleaved rounds (until each median is known within ±{TargetSpread * 100:F1} %)";
}
