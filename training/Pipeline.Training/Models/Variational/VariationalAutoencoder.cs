using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Export.Networks;
using Pipeline.Randomness;
using TorchSharp.Modules;
using TorchSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Variational;

/// <summary>
/// A variational autoencoder (Kingma &amp; Welling 2014; seeds 000 and 004), optionally conditioned on a class
/// (seed 001): the encoder trunk maps x (with the one-hot class c concatenated, if conditional) to features h,
/// two linear heads give q(z | x, c) = N(μ(h), diag exp(log σ²(h))), and the decoder maps z (with c) to the
/// logits ℓ of p(x | z, c) under the configured <see cref="Likelihood"/>. Training minimizes the negative
/// ELBO per image, −log p(x | z) + KL(q(z|x, c) ‖ N(0, I)), with z = μ + σ·ε (<see cref="Elbo.Reparameterize"/>).
/// </summary>
public abstract class VariationalAutoencoder : nn.Module, ITrainableModel, IExportableModel
{
    private readonly Sequential encoder;
    private readonly Linear mean;
    [ComponentName(Name = "log_var")]
    private readonly Linear logVar;
    private readonly Sequential decoder;

    protected VariationalAutoencoder(string name, Sequential encoder, int encoderFeatures, Sequential decoder, int latentSize, int imageSize,
        ImageLayout layout, Likelihood likelihood, double observationStd, int? classCount) : base(name)
    {
        if (classCount is not null && layout != ImageLayout.Flat)
            throw new NotSupportedException("conditional VAEs concatenate the one-hot class to flat inputs: use the flat (MLP) layout");
        Elbo.ValidateLikelihood(likelihood, observationStd);
        this.encoder = encoder;
        mean = nn.Linear(encoderFeatures, latentSize);
        logVar = nn.Linear(encoderFeatures, latentSize);
        this.decoder = decoder;
        LatentSize = latentSize;
        ImageSize = imageSize;
        Layout = layout;
        Likelihood = likelihood;
        ObservationStd = observationStd;
        ClassCount = classCount;
    }

    /// <summary>The trunk: x (and c) → features h.</summary>
    public Sequential Encoder => encoder;

    /// <summary>μ = Linear(h), [N, Z].</summary>
    public Linear MeanHead => mean;

    /// <summary>log σ² = Linear(h), [N, Z].</summary>
    public Linear LogVarHead => logVar;

    /// <summary>z (and c) → logits ℓ of p(x | z): [N, H·W] in the flat layout, [N, 1, H, W] in the spatial one.</summary>
    public Sequential Decoder => decoder;

    /// <summary>Side S of the square one-channel images.</summary>
    public int ImageSize { get; }

    /// <summary>Pixels per image D = S².</summary>
    public int InputSize => ImageSize * ImageSize;

    public ImageLayout Layout { get; }

    public Likelihood Likelihood { get; }

    /// <summary>σ of the Gaussian likelihood (unused by the Bernoulli one).</summary>
    public double ObservationStd { get; }

    public int LatentSize { get; }

    public int? ClassCount { get; }

    public ExportFamily Family => ClassCount is null ? ExportFamily.Vae : ExportFamily.ConditionalVae;

    public abstract string ModelKind { get; }

    public abstract string ConfigJson { get; }

    /// <summary>Bernoulli models train on dynamically binarized pixels (a fresh draw x ~ Bernoulli(intensity) each time), Gaussian ones on [0, 1].</summary>
    public PixelTransform TrainingPixels => Likelihood == Likelihood.Bernoulli ? PixelTransform.DynamicBinarization : PixelTransform.ZeroOne;

    /// <summary>The condition c = one-hot(labels) [N, C] as float32, or null for an unconditional model.</summary>
    public Tensor? Condition(Tensor labels) => ClassCount is int classes ? F.one_hot(labels, classes).to(ScalarType.Float32) : null;

    /// <summary>q(z | x, c) = N(μ, diag σ²): returns μ and log σ², each [N, Z]. x: [N, 1, H, W].</summary>
    public (Tensor Mean, Tensor LogVar) Encode(Tensor images, Tensor? condition = null)
    {
        var x = Layout == ImageLayout.Flat ? images.flatten(1) : images;
        using var h = encoder.call(WithCondition(x, condition));
        return (mean.call(h), logVar.call(h));
    }

    /// <summary>The logits ℓ of p(x | z, c), [N, 1, H, W].</summary>
    public Tensor DecodeLogits(Tensor latent, Tensor? condition = null) =>
        decoder.call(WithCondition(latent, condition)).reshape(-1, 1, ImageSize, ImageSize);

    /// <summary>The decoded image sigmoid(ℓ) ∈ [0, 1] (Bernoulli probabilities, or Gaussian means), [N, 1, H, W].</summary>
    public Tensor Decode(Tensor latent, Tensor? condition = null) => DecodeLogits(latent, condition).sigmoid();

    /// <summary>
    /// −ELBO per image with one reparameterized sample z = μ + σ·ε, ε drawn from <paramref name="noise"/>:
    /// −log p(x | z, c) and KL(q(z | x, c) ‖ N(0, I)), each [N] in nats.
    /// </summary>
    public ElboTerms NegativeElbo(Tensor images, Tensor? condition, Generator noise)
    {
        var (mu, logVariance) = Encode(images, condition);
        var z = Elbo.Reparameterize(mu, logVariance, noise);                 // [N, Z]
        var logits = DecodeLogits(z, condition);                             // [N, 1, H, W]
        var x = images.reshape(logits.shape);
        return new ElboTerms(Elbo.NegativeLogLikelihood(logits, x, Likelihood, ObservationStd), Elbo.Kl(mu, logVariance), z);
    }

    /// <summary>The negative ELBO averaged over the batch, in nats per image; parts "nll" and "kl".</summary>
    public virtual LossTerms Loss(Batch batch, Generator noise)
    {
        var terms = NegativeElbo(batch.Images, Condition(batch.Labels), noise);
        var nll = terms.ReconstructionNll.mean();
        var kl = terms.Kl.mean();
        return new LossTerms(nll + kl, [("nll", nll.detach()), ("kl", kl.detach())]);
    }

    /// <summary>
    /// encoder: image [N, 1, H, W] (+ label [N, C]) → mean, log_var [N, Z];
    /// decoder: latent [N, Z] (+ label) → image = sigmoid(ℓ) [N, 1, H, W] (the sigmoid is part of the graph).
    /// </summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks()
    {
        long side = ImageSize;
        var flat = Layout == ImageLayout.Flat;
        var image = new NetworkInput("image", [-1L, 1, side, side], InputValues.UnitInterval);
        var latent = new NetworkInput("latent", [-1L, LatentSize]);
        if (ClassCount is int classes)
        {
            var label = new NetworkInput("label", [-1L, classes], InputValues.OneHot);
            return
            [
                new ExportableNetwork { Role = "encoder", Inputs = [image, label], Outputs = ["mean", "log_var"], Module = new ConditionalGaussianEncoder(encoder, mean, logVar) },
                new ExportableNetwork { Role = "decoder", Inputs = [latent, label], Outputs = ["image"], Module = new ConditionalDecoder(decoder, side) },
            ];
        }
        var decoderNetwork = nn.Sequential(("decoder", (nn.Module<Tensor, Tensor>)decoder), ("sigmoid", nn.Sigmoid()));
        if (flat) decoderNetwork.append("unflatten", nn.Unflatten(1, [1, side, side]));
        return
        [
            new ExportableNetwork { Role = "encoder", Inputs = [image], Outputs = ["mean", "log_var"], Module = new GaussianEncoder(flat, encoder, mean, logVar) },
            new ExportableNetwork { Role = "decoder", Inputs = [latent], Outputs = ["image"], Module = decoderNetwork },
        ];
    }

    /// <summary>[a, c] along dimension 1 when the model is conditional, else a.</summary>
    private Tensor WithCondition(Tensor a, Tensor? condition)
    {
        if (ClassCount is null) return a;
        if (condition is null)
            throw new ArgumentException($"this conditional model needs the one-hot class [N, {ClassCount}]: pass Condition(labels)");
        return cat([a, condition], 1);
    }
}
