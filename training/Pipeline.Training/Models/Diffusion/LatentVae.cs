using Pipeline.Models.Variational;
using Pipeline.Randomness;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Diffusion;

/// <summary>Builds the unconditional VAE a latent DDPM diffuses over, from its kind and configuration.</summary>
public static class LatentVae
{
    public static VariationalAutoencoder Create(string kind, string configJson) => kind switch
    {
        VaeMlp.Kind => new VaeMlp(VaeMlpConfig.FromJson(configJson)),
        VaeConv.Kind => new VaeConv(VaeConvConfig.FromJson(configJson)),
        _ => throw new InvalidDataException($"latent diffusion needs a {VaeMlp.Kind} or {VaeConv.Kind} checkpoint, not '{kind}'"),
    };
}
