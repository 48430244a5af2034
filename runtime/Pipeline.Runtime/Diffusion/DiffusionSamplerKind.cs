namespace Pipeline.Runtime.Diffusion;

/// <summary>The reverse process a <see cref="DiffusionSampler"/> runs.</summary>
public enum DiffusionSamplerKind
{
    /// <summary>Ho et al. 2020, ancestral sampling (<see cref="DdpmScheduler"/>): all T steps by default.</summary>
    Ddpm,

    /// <summary>Song et al. 2021 (<see cref="DdimScheduler"/>): few steps (e.g. 50), deterministic with η = 0.</summary>
    Ddim,
}
