using Pipeline.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>
/// One player of an adversarial model: its own Adam optimizer steps the trainable parameters of <paramref name="Module"/>
/// to minimize <paramref name="Loss"/>, on every <paramref name="Every"/>-th batch (after the batches' other phases, in
/// the order <see cref="IAdversarialModel.Phases"/> gives). A GAN's discriminator runs on every batch and its generator
/// on every k-th (Goodfellow et al. 2014, Algorithm 1: k discriminator steps per generator step).
/// </summary>
/// <param name="Name">Names the phase's optimizer in checkpoints and its loss in progress reports ("discriminator").</param>
public sealed record TrainingPhase(string Name, nn.Module Module, Func<Batch, Generator, LossTerms> Loss, int Every = 1);
