using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>
/// One of several optimizers a checkpoint holds (a GAN's generator and discriminator players): its
/// <paramref name="Name"/> (letters, digits, '_' or '-'), the <paramref name="Module"/> whose trainable parameters it
/// steps (its state is stored under those parameters' names) and the <paramref name="Optimizer"/> itself.
/// </summary>
public sealed record NamedOptimizer(string Name, nn.Module Module, Adam Optimizer);
