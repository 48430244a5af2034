using System.Text.Json.Serialization;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// Hyper-parameters of <see cref="Gan"/>. The defaults are the Fashion-MNIST non-saturating DCGAN; <see cref="Toy"/> is a
/// GAN of 2-D points. With <see cref="Classes"/> set it is class-conditional: the generator takes the one-hot class beside z,
/// and the discriminator uses it as <see cref="Conditioning"/> says.
/// </summary>
public sealed record GanConfig
{
    public AdversarialLoss Loss { get; init; } = AdversarialLoss.NonSaturating;

    public GanArchitecture Architecture { get; init; } = GanArchitecture.Dcgan;

    /// <summary>The data's shape [C, H, W]: [1, 28, 28] for the images, [2, 1, 1] for 2-D points.</summary>
    public long[] Shape { get; init; } = [1, 28, 28];

    /// <summary>Size of z ~ N(0, I).</summary>
    public int LatentSize { get; init; } = 64;

    /// <summary>DCGAN: base channels C (the generator goes 2C at H/4 → C at H/2 → image, the discriminator C → 2C); MLP: hidden units.</summary>
    public int Channels { get; init; } = 32;

    /// <summary>Number of classes of a class-conditional GAN, or null for an unconditional GAN.</summary>
    public int? Classes { get; init; }

    /// <summary>How the discriminator of a class-conditional GAN uses the class.</summary>
    public GanConditioning Conditioning { get; init; } = GanConditioning.Projection;

    /// <summary>k (n_critic): discriminator steps, each on its own batch, per generator step.</summary>
    public int DiscriminatorSteps { get; init; } = 1;

    /// <summary>λ of the gradient penalty (WGAN-GP uses 10).</summary>
    public double PenaltyWeight { get; init; } = 10;

    /// <summary>Weight of the AC-GAN's class log-likelihood terms in both players' losses (<see cref="GanConditioning.AuxiliaryClassifier"/>).</summary>
    public double ClassWeight { get; init; } = 1;

    public GeneratorOutput Output { get; init; } = GeneratorOutput.Tanh;

    /// <summary>A non-saturating GAN of 2-D points (the eight-Gaussians test): MLP players of 128 units, z of size 16, k = 1.</summary>
    public static GanConfig Toy { get; } = new()
    {
        Architecture = GanArchitecture.Mlp, Shape = [2, 1, 1], LatentSize = 16, Channels = 128, Output = GeneratorOutput.Linear,
    };

    /// <summary>Values of one datum.</summary>
    [JsonIgnore]
    public long Dimensions => Shape.Aggregate(1L, (a, d) => a * d);

    public string ToJson() => ModelJson.Write(this);

    public static GanConfig FromJson(string json) => ModelJson.Read<GanConfig>(json, "GAN", c => c.Validate());

    public void Validate()
    {
        if (Shape is not { Length: 3 } || Shape.Any(d => d <= 0))
            throw new ArgumentException($"the GAN's data shape must be [C, H, W] of positive sizes, got [{string.Join(", ", Shape ?? [])}]");
        if (Architecture == GanArchitecture.Dcgan && (Shape[1] % 4 != 0 || Shape[2] % 4 != 0))
            throw new ArgumentException($"the DCGAN networks halve the image twice: its height and width must be divisible by 4, got {Shape[1]}×{Shape[2]} (use the MLP architecture)");
        if (LatentSize <= 0 || Channels <= 0)
            throw new ArgumentException($"the latent size and the channels must be positive (latent {LatentSize}, channels {Channels})");
        if (Classes is < 2) throw new ArgumentException($"a class-conditional GAN needs 2 classes or more, got {Classes}");
        if (DiscriminatorSteps < 1) throw new ArgumentException($"k, the discriminator steps per generator step, must be 1 or more, got {DiscriminatorSteps}");
        if (!(PenaltyWeight >= 0) || !(ClassWeight >= 0))
            throw new ArgumentException($"the penalty and class weights must be 0 or more (λ {PenaltyWeight}, class weight {ClassWeight})");
        if (!Enum.IsDefined(Loss)) throw new ArgumentException($"unknown loss {Loss}: use one of {string.Join(", ", Enum.GetNames<AdversarialLoss>())}");
        if (!Enum.IsDefined(Conditioning)) throw new ArgumentException($"unknown conditioning {Conditioning}: use one of {string.Join(", ", Enum.GetNames<GanConditioning>())}");
        if (!Enum.IsDefined(Architecture)) throw new ArgumentException($"unknown architecture {Architecture}: use one of {string.Join(", ", Enum.GetNames<GanArchitecture>())}");
        if (!Enum.IsDefined(Output) || Output == GeneratorOutput.Sigmoid)
            throw new ArgumentException($"a GAN's generator ends in tanh (images) or nothing (points), not {Output}");
        if ((Output == GeneratorOutput.Linear) != (Shape[1] == 1 && Shape[2] == 1))
            throw new ArgumentException($"a linear output is for points ([C, 1, 1]) and tanh for images, got {Output} for [{string.Join(", ", Shape)}]");
    }
}
