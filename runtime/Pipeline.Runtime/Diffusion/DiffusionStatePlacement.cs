namespace Pipeline.Runtime.Diffusion;

/// <summary>Where a <see cref="DiffusionSampler"/> keeps x_t between reverse steps, and where the step runs.</summary>
public enum DiffusionStatePlacement
{
    /// <summary>
    /// x_t in managed memory, stepped by the scheduler in C# (<see cref="IDiffusionScheduler.Step"/>, the same bits on every
    /// machine). Each step sends x_t to the denoiser's provider and brings ε̂ back, which costs nothing on the CPU.
    /// </summary>
    Host,

    /// <summary>
    /// x_t stays in the memory of the denoiser's provider (the GPU's with CUDA or TensorRT) from x_T to x₀: the step runs
    /// there, as a small graph beside the denoiser (<see cref="AffineStep"/>), and each step sends it only the step's 8
    /// constants, the timestep and the noise z, still drawn in C# from the seeded streams. The images equal
    /// <see cref="Host"/>'s up to float rounding. <see cref="DiffusionSampler.Current"/> shows x_T until the last step
    /// brings x₀ back; inpainting needs <see cref="Host"/>.
    /// </summary>
    Device,
}
