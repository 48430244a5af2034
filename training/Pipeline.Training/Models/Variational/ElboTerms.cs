using Pipeline.Randomness;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Variational;

/// <summary>
/// The negative ELBO of a batch, per image, in nats, from one sample z ~ q(z|x):
/// −ELBO = <see cref="ReconstructionNll"/> (−log p(x|z)) + <see cref="Kl"/> (KL(q(z|x) ‖ p(z))), each [N], and the sample
/// <see cref="Latent"/> z [N, Z] they were computed with.
/// </summary>
public sealed record ElboTerms(Tensor ReconstructionNll, Tensor Kl, Tensor Latent);
