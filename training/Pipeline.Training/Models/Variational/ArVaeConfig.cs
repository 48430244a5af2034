using Pipeline.Data.Attributes;

namespace Pipeline.Models.Variational;

/// <summary>
/// Hyper-parameters of <see cref="ArVae"/>: the conv VAE's network, the attributes whose values latent dimensions 0, 1, …
/// are regularized to order (in this order), the regularization's weight γ and spread δ (Pati and Lerch 2020 use 10 and 10).
/// </summary>
public sealed record ArVaeConfig
{
    public VaeConvConfig Vae { get; init; } = new() { LatentSize = 16 };

    /// <summary>Attribute k is regularized on latent dimension k.</summary>
    public ImageAttribute[] Attributes { get; init; } =
        [ImageAttribute.Area, ImageAttribute.Length, ImageAttribute.Thickness, ImageAttribute.Slant, ImageAttribute.Width, ImageAttribute.Height];

    /// <summary>γ: the weight of Σ_r L_{r,a} beside the negative ELBO (0: a plain VAE, the baseline).</summary>
    public double Gamma { get; init; } = 10;

    /// <summary>δ: the spread of tanh(δ·D_r).</summary>
    public double Delta { get; init; } = 10;

    public string ToJson() => ModelJson.Write(this);

    public static ArVaeConfig FromJson(string json) => ModelJson.Read<ArVaeConfig>(json, "AR-VAE", c => c.Validate());

    public void Validate()
    {
        (Vae ?? throw new ArgumentException("the AR-VAE needs its VAE's configuration")).Validate();
        if (Attributes is null || Attributes.Length == 0 || Attributes.Any(a => !Enum.IsDefined(a)) || Attributes.Distinct().Count() != Attributes.Length)
            throw new ArgumentException($"give one or more different attributes of {string.Join(", ", Enum.GetNames<ImageAttribute>())}");
        if (Attributes.Length > Vae.LatentSize)
            throw new ArgumentException($"{Attributes.Length} attributes need as many latent dimensions, the latent size is {Vae.LatentSize}: pass a larger --latent");
        if (!(Gamma >= 0) || !(Delta > 0)) throw new ArgumentException($"γ must be 0 or more and δ positive (γ {Gamma}, δ {Delta})");
    }
}
