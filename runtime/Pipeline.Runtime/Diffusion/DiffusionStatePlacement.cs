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

    /// <summary>
    /// <see cref="Device"/>, with the denoiser replayed as a CUDA graph on the CUDA provider: the sampler opens its own copy
    /// of the denoiser with ONNX Runtime's <c>enable_cuda_graph</c> and binds every input and output of it, once, to tensors
    /// at fixed addresses in the GPU's memory (x_t's two, ε̂, the timestep and the labels), so that after a few steps each
    /// denoiser run replays its captured kernels with one launch. The timestep, x_T and the labels reach their tensors
    /// through a small copying graph. Two graphs are captured, for x_t read from either tensor. The images equal
    /// <see cref="Device"/>'s. Costs a second copy of the denoiser's weights per sampler, and a few runs' time when the
    /// sampler is created and first stepped; reuse the sampler. Its graphs belong to the thread that first stepped it:
    /// step it on one thread, and create and first step CUDA-graph samplers one at a time (a capture fails when another
    /// thread calls the GPU meanwhile; <see cref="DiffusionSamplingOptions.Workers"/> must be 1). On the CPU there is no
    /// graph to capture and the same bindings run as they are (what the tests check); TensorRT is not supported.
    /// </summary>
    CudaGraph,
}
