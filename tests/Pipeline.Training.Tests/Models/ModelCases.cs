using Pipeline.Models.Autoencoders;
using Pipeline.Models.Variational;

namespace Pipeline.Tests.Models;

/// <summary>Every model kind of the autoencoder/VAE family, for tests that run over all of them.</summary>
internal static class ModelCases
{
    public static IEnumerable<ModelCase> All()
    {
        yield return new(MlpAutoencoder.Kind, () => new MlpAutoencoder(new MlpAutoencoderConfig()));
        yield return new(ConvAutoencoder.Kind, () => new ConvAutoencoder(new ConvAutoencoderConfig()));
        yield return new(DenoisingAutoencoder.Kind, () => new DenoisingAutoencoder(new DenoisingAutoencoderConfig()));
        yield return new(SparseAutoencoder.Kind, () => new SparseAutoencoder(new SparseAutoencoderConfig()));
        yield return new(ContractiveAutoencoder.Kind, () => new ContractiveAutoencoder(new ContractiveAutoencoderConfig()));
        yield return new(ConstrainedAutoencoder.Kind, () => new ConstrainedAutoencoder(new ConstrainedAutoencoderConfig()));
        yield return new(VaeMlp.Kind, () => new VaeMlp(new VaeMlpConfig()));
        yield return new(VaeMlp.Kind + " (gaussian)", () => new VaeMlp(new VaeMlpConfig { Likelihood = Likelihood.Gaussian }));
        yield return new(VaeConv.Kind, () => new VaeConv(new VaeConvConfig()));
        yield return new(ConditionalVae.Kind, () => new ConditionalVae(new ConditionalVaeConfig()));
    }
}
