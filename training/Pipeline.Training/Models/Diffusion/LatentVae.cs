using Pipeline.Models.Variational;
using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>Builds the unconditional VAE a latent DDPM diffuses over, from its kind and configuration.</summary>
public static class LatentVae
{
    public static VariationalAutoencoder Create(string kind, string configJson, Generator? generator = null) => kind switch
    {
        VaeMlp.Kind => new VaeMlp(VaeMlpConfig.FromJson(configJson), generator),
        VaeConv.Kind => new VaeConv(VaeConvConfig.FromJson(configJson), generator),
        _ => throw new InvalidDataException($"latent diffusion needs a {VaeMlp.Kind} or {VaeConv.Kind} checkpoint, not '{kind}'"),
    };
}
