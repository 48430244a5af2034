using Pipeline.Models.Autoencoders;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// Hyper-parameters of <see cref="AdversarialAutoencoder"/>: the convolutional autoencoder's network (deterministic
/// encoder, decoder ending in a sigmoid), the prior its codes are matched to and the latent discriminator's width.
/// </summary>
public sealed record AdversarialAutoencoderConfig
{
    public ConvAutoencoderConfig Network { get; init; } = new() { Channels = [32, 64], LatentSize = 8 };

    public LatentPriorKind Prior { get; init; } = LatentPriorKind.StandardNormal;

    /// <summary>Mixture components, one per class (<see cref="LatentPriorKind.GaussianMixture"/>).</summary>
    public int Classes { get; init; } = 10;

    /// <summary>R: the components' means lie on a circle of this radius in the first two latent dimensions.</summary>
    public double MixtureRadius { get; init; } = 4;

    /// <summary>σ of every component in every dimension.</summary>
    public double ComponentStd { get; init; } = 0.5;

    /// <summary>Units of the latent discriminator's two hidden layers.</summary>
    public int DiscriminatorHidden { get; init; } = 256;

    public string ToJson() => ModelJson.Write(this);

    public static AdversarialAutoencoderConfig FromJson(string json) => ModelJson.Read<AdversarialAutoencoderConfig>(json, "adversarial autoencoder", c => c.Validate());

    public void Validate()
    {
        (Network ?? throw new ArgumentException("the adversarial autoencoder needs its network's configuration")).Validate();
        if (!Enum.IsDefined(Prior)) throw new ArgumentException($"unknown prior {Prior}: use standard_normal or gaussian_mixture");
        if (DiscriminatorHidden <= 0) throw new ArgumentException($"the discriminator's hidden units must be positive, got {DiscriminatorHidden}");
        if (Prior != LatentPriorKind.GaussianMixture) return;
        if (Classes < 2) throw new ArgumentException($"a mixture prior needs 2 components (classes) or more, got {Classes}");
        if (Network.LatentSize < 2) throw new ArgumentException($"a mixture prior places its means in the first two latent dimensions: pass --latent 2 or more, got {Network.LatentSize}");
        if (!(MixtureRadius > 0) || !(ComponentStd > 0))
            throw new ArgumentException($"the mixture's radius and standard deviation must be positive (radius {MixtureRadius}, σ {ComponentStd})");
    }
}
