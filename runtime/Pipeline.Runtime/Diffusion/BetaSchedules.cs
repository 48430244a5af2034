namespace Pipeline.Runtime.Diffusion;

/// <summary>The β schedules a package may name; exporters write the values into the manifest's "betas".</summary>
public static class BetaSchedules
{
    /// <summary>
    /// Ho et al. 2020, §4: β_t = β_start + (β_end − β_start)·t/(T − 1) for t = 0..T−1 (T = 1000, 10⁻⁴ to 0.02 in the paper).
    /// </summary>
    public static double[] Linear(int timesteps, double betaStart = 1e-4, double betaEnd = 0.02)
    {
        if (timesteps < 1) throw new ArgumentOutOfRangeException(nameof(timesteps), timesteps, "a schedule has at least one timestep");
        if (!(betaStart > 0 && betaStart < 1) || !(betaEnd > 0 && betaEnd < 1))
            throw new ArgumentOutOfRangeException(nameof(betaStart), $"β_start ({betaStart}) and β_end ({betaEnd}) must be in (0, 1)");
        var betas = new double[timesteps];
        for (var t = 0; t < timesteps; t++)
            betas[t] = timesteps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * t / (timesteps - 1);
        return betas;
    }
}
