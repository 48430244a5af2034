using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>Options shared by the training commands; validated by <see cref="Validate"/> at the command line.</summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 2;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Adam's β₁ (WGAN-GP uses 0, DCGAN 0.5).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Adam's β₂ (WGAN-GP uses 0.9).</summary>
    public double Beta2 { get; init; } = 0.999;
    public int Seed { get; init; } = 1;
    /// <summary>Stop after this many optimizer steps (for quick runs and tests); null trains every epoch.</summary>
    public long? MaxSteps { get; init; }
    /// <summary>Where the checkpoint is written after every epoch (atomically); null writes none.</summary>
    public string? CheckpointPath { get; init; }
    /// <summary>Also write the checkpoint every this many steps (mid-epoch; a crash loses at most this many); null: after every epoch only.</summary>
    public long? CheckpointEvery { get; init; }
    /// <summary>Continue from <see cref="CheckpointPath"/> when it exists.</summary>
    public bool Resume { get; init; }
    public Device Device { get; init; } = CPU;
    /// <summary>The images trained on; the digits are recorded in the checkpoint (metadata "dataset"), so exports and evaluations use them too.</summary>
    public Pipeline.Data.TrainingData Data { get; init; } = Pipeline.Data.TrainingData.Fashion;
    /// <summary>Keep an exponential moving average of the weights with this decay (DDPM: 0.999); exports use the average.</summary>
    public double? EmaDecay { get; init; }

    public void Validate()
    {
        if (Epochs <= 0) throw new ArgumentException($"epochs must be positive, got {Epochs}");
        if (BatchSize <= 0) throw new ArgumentException($"the batch size must be positive, got {BatchSize}");
        if (LearningRate <= 0 || double.IsNaN(LearningRate)) throw new ArgumentException($"the learning rate must be positive, got {LearningRate}");
        if (EmaDecay is < 0 or >= 1) throw new ArgumentException($"the EMA decay must be in [0, 1), got {EmaDecay}");
        if (!(Beta1 is >= 0 and < 1) || !(Beta2 is >= 0 and < 1)) throw new ArgumentException($"Adam's betas must lie in [0, 1), got β₁ {Beta1}, β₂ {Beta2}");
        if (CheckpointEvery is <= 0) throw new ArgumentException($"the checkpoint interval must be a positive number of steps, got {CheckpointEvery}");
        if (MaxSteps is <= 0) throw new ArgumentException($"max steps must be positive, got {MaxSteps}");
        if (Resume && CheckpointPath is null) throw new ArgumentException("resuming needs a checkpoint path (--out)");
        if (Device.type == DeviceType.CUDA && !cuda.is_available())
            throw new ArgumentException($"{Device} is not available: TorchSharp finds no CUDA device or no CUDA libtorch. " +
                "Train with --device cpu, or reference TorchSharp-cuda-linux (or -windows) instead of TorchSharp-cpu in the tools (README: Training on a GPU)");
        if (Device.type == DeviceType.CUDA && Device.index >= cuda.device_count())
            throw new ArgumentException($"{Device} is not available ({cuda.device_count()} CUDA devices): pass --device cuda:0 to cuda:{cuda.device_count() - 1}");
    }
}
