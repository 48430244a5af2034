using Pipeline.Optim;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>
/// What <see cref="Checkpoint.Save"/> writes: the model and its identity (kind, hyper-parameters,
/// step), and optionally the optimizer and EMA state, extra tensors (such as a
/// generator state) and free metadata strings.
/// </summary>
public sealed record CheckpointContents
{
    /// <summary>The model kind, e.g. "mlp-autoencoder"; loading checks it.</summary>
    public required string Kind { get; init; }

    /// <summary>The model's hyper-parameters as a JSON document, enough to build the model again.</summary>
    public required string ConfigJson { get; init; }

    /// <summary>The training step the checkpoint was taken at.</summary>
    public required long Step { get; init; }

    /// <summary>The model whose parameters and persistent buffers are saved.</summary>
    public required nn.Module Model { get; init; }

    /// <summary>The Adam optimizer over the model's trainable parameters whose state, step counts and learning rate are saved (optional).</summary>
    public Adam? Optimizer { get; init; }

    /// <summary>
    /// Several optimizers, each over a part of the model (adversarial training: one per player), saved by name beside
    /// (or instead of) <see cref="Optimizer"/> (optional).
    /// </summary>
    public IReadOnlyList<NamedOptimizer>? NamedOptimizers { get; init; }

    /// <summary>The moving average of the model's weights (optional).</summary>
    public ExponentialMovingAverage? Ema { get; init; }

    /// <summary>Further tensors by name (any dtype), e.g. a generator state for exact resumption.</summary>
    public IReadOnlyDictionary<string, Tensor>? Extra { get; init; }

    /// <summary>Free metadata strings; keys may not start with "pipeline." (reserved).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
