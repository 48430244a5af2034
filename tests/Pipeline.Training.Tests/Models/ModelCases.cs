using Pipeline.Models.Autoencoders;
using Pipeline.Models.Variational;

namespace Pipeline.Tests.Models;

/// <summary>Every model kind of the autoencoder/VAE family, for tests that run over all of them.</summary>
internal static class ModelCases
{
    public static IEnumerable<ModelCase> All()
    {
        yield return new(MlpAutoencoder.Kind, g => new MlpAutoencoder(new MlpAutoencoderConfig(), g));
        yield return new(ConvAutoencoder.Kind, g => new ConvAutoencoder(new ConvAutoencoderConfig(), g));
        yield return new(DenoisingAutoencoder.Kind, g => new DenoisingAutoencoder(new DenoisingAutoencoderConfig(), g));
        yield return new(SparseAutoencoder.Kind, g => new SparseAutoencoder(new SparseAutoencoderConfig(), g));
        yield return new(ContractiveAutoencoder.Kind, g => new ContractiveAutoencoder(new ContractiveAutoencoderConfig(), g));
        yield return new(ConstrainedAutoencoder.Kind, g => new ConstrainedAutoencoder(new ConstrainedAutoencoderConfig(), g));
        yield return new(VaeMlp.Kind, g => new VaeMlp(new VaeMlpConfig(), g));
        yield return new(VaeMlp.Kind + " (gaussian)", g => new VaeMlp(new VaeMlpConfig { Likelihood = Likelihood.Gaussian }, g));
        yield return new(VaeConv.Kind, g => new VaeConv(new VaeConvConfig(), g));
        yield return new(ConditionalVae.Kind, g => new ConditionalVae(new ConditionalVaeConfig(), g));
    }
}
