using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Variational;

/// <summary>
/// A variational autoencoder (Kingma &amp; Welling 2014; seeds 000 and 004), optionally conditioned on a class
/// (seed 001): the encoder trunk maps x (with the one-hot class c concatenated, if conditional) to features h,
/// two linear heads give q(z | x, c) = N(μ(h), diag exp(log σ²(h))), and the decoder maps z (with c) to the
/// logits ℓ of p(x | z, c) under the configured <see cref="Likelihood"/>. Training minimizes the negative
/// ELBO per image, −log p(x | z) + KL(q(z|x, c) ‖ N(0, I)), with z = μ + σ·ε (<see cref="Elbo.Reparameterize"/>).
/// </summary>
public abstract class VariationalAutoencoder : Module, ITrainableModel, IExportableModel
{
    protected VariationalAutoencoder(Sequential encoder, int encoderFeatures, Sequential decoder, int latentSize, int imageSize,
        ImageLayout layout, Likelihood likelihood, double observationStd, int? classCount, Generator? generator)
    {
        if (classCount is not null && layout != ImageLayout.Flat)
            throw new NotSupportedException("conditional VAEs concatenate the one-hot class to flat inputs: use the flat (MLP) layout");
        Elbo.ValidateLikelihood(likelihood, observationStd);
        Encoder = RegisterModule("encoder", encoder);
        MeanHead = RegisterModule("mean", new Linear(encoderFeatures, latentSize, generator: generator));
        LogVarHead = RegisterModule("log_var", new Linear(encoderFeatures, latentSize, generator: generator));
        Decoder = RegisterModule("decoder", decoder);
        LatentSize = latentSize;
        ImageSize = imageSize;
        Layout = layout;
        Likelihood = likelihood;
        ObservationStd = observationStd;
        ClassCount = classCount;
    }

    /// <summary>The trunk: x (and c) → features h.</summary>
    public Sequential Encoder { get; }

    /// <summary>μ = Linear(h), [N, Z].</summary>
    public Linear MeanHead { get; }

    /// <summary>log σ² = Linear(h), [N, Z].</summary>
    public Linear LogVarHead { get; }

    /// <summary>z (and c) → logits ℓ of p(x | z): [N, H·W] in the flat layout, [N, 1, H, W] in the spatial one.</summary>
    public Sequential Decoder { get; }

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
    public Tensor? Condition(Tensor labels) => ClassCount is int classes ? labels.OneHot(classes).To(DType.Float32) : null;

    /// <summary>q(z | x, c) = N(μ, diag σ²): returns μ and log σ², each [N, Z]. x: [N, 1, H, W].</summary>
    public (Tensor Mean, Tensor LogVar) Encode(Tensor images, Tensor? condition = null)
    {
        using var x = Layout == ImageLayout.Flat ? images.Flatten(1) : images.Alias();
        using var input = WithCondition(x, condition);
        using var h = Encoder.Forward(input);
        return (MeanHead.Forward(h), LogVarHead.Forward(h));
    }

    /// <summary>The logits ℓ of p(x | z, c), [N, 1, H, W].</summary>
    public Tensor DecodeLogits(Tensor latent, Tensor? condition = null)
    {
        using var input = WithCondition(latent, condition);
        using var logits = Decoder.Forward(input);
        return logits.Reshape(-1, 1, ImageSize, ImageSize);
    }

    /// <summary>The decoded image sigmoid(ℓ) ∈ [0, 1] (Bernoulli probabilities, or Gaussian means), [N, 1, H, W].</summary>
    public Tensor Decode(Tensor latent, Tensor? condition = null)
    {
        using var logits = DecodeLogits(latent, condition);
        return logits.Sigmoid();
    }

    /// <summary>
    /// −ELBO per image with one reparameterized sample z = μ + σ·ε, ε drawn from <paramref name="noise"/>:
    /// −log p(x | z, c) and KL(q(z | x, c) ‖ N(0, I)), each [N] in nats.
    /// </summary>
    public ElboTerms NegativeElbo(Tensor images, Tensor? condition, Generator noise)
    {
        var (mean, logVar) = Encode(images, condition);
        using (mean)
        using (logVar)
        {
            using var z = Elbo.Reparameterize(mean, logVar, noise);             // [N, Z]
            using var logits = DecodeLogits(z, condition);                     // [N, 1, H, W]
            using var x = images.Reshape(logits.Shape);
            return new ElboTerms(Elbo.NegativeLogLikelihood(logits, x, Likelihood, ObservationStd), Elbo.Kl(mean, logVar));
        }
    }

    /// <summary>The negative ELBO averaged over the batch, in nats per image; parts "nll" and "kl".</summary>
    public LossTerms Loss(Batch batch, Generator noise)
    {
        var terms = NegativeElbo(batch.Images, Condition(batch.Labels), noise);
        var nll = terms.ReconstructionNll.Mean();
        var kl = terms.Kl.Mean();
        return new LossTerms(nll + kl, new[] { ("nll", nll.Detach()), ("kl", kl.Detach()) });
    }

    /// <summary>
    /// encoder: image [N, 1, H, W] (+ label [N, C]) → mean, log_var [N, Z];
    /// decoder: latent [N, Z] (+ label) → image = sigmoid(ℓ) [N, 1, H, W] (the sigmoid is part of the graph).
    /// </summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks()
    {
        long side = ImageSize;
        var flat = Layout == ImageLayout.Flat;
        var flatten = new Flatten();
        var unflatten = new Unflatten(1, side, side);
        var image = new NetworkInput("image", new[] { -1L, 1, side, side });
        var latent = new NetworkInput("latent", new[] { -1L, LatentSize });
        NetworkInput[] WithLabel(NetworkInput input) =>
            ClassCount is int classes ? new[] { input, new NetworkInput("label", new[] { -1L, classes }) } : new[] { input };
        Tensor? Label(IReadOnlyList<Tensor> inputs) => ClassCount is null ? null : inputs[1];
        return new[]
        {
            new ExportableNetwork
            {
                Role = "encoder",
                Inputs = WithLabel(image),
                Outputs = new[] { "mean", "log_var" },
                Build = (graph, inputs) =>
                {
                    var x = flat ? flatten.ExportOnnx(graph, inputs[0]) : inputs[0];
                    var h = graph.Apply(Encoder, ConcatLabel(graph, x, inputs), "encoder");
                    return new[] { graph.Apply(MeanHead, h, "mean"), graph.Apply(LogVarHead, h, "log_var") };
                },
                Reference = inputs =>
                {
                    var (mean, logVar) = Encode(inputs[0], Label(inputs));
                    return new[] { mean, logVar };
                },
            },
            new ExportableNetwork
            {
                Role = "decoder",
                Inputs = WithLabel(latent),
                Outputs = new[] { "image" },
                Build = (graph, inputs) =>
                {
                    var logits = graph.Apply(Decoder, ConcatLabel(graph, inputs[0], inputs), "decoder");
                    var pixels = graph.Elementwise("Sigmoid", logits);
                    return new[] { flat ? unflatten.ExportOnnx(graph, pixels) : pixels };
                },
                Reference = inputs => new[] { Decode(inputs[0], Label(inputs)) },
            },
        };
    }

    /// <summary>[a, c] along dimension 1 when the model is conditional, else a.</summary>
    private Tensor WithCondition(Tensor a, Tensor? condition)
    {
        if (ClassCount is null) return a.Alias();
        if (condition is null)
            throw new ArgumentException($"this conditional model needs the one-hot class [N, {ClassCount}]: pass Condition(labels)");
        return Torch.Cat(new[] { a, condition }, 1);
    }

    /// <summary>The ONNX counterpart of <see cref="WithCondition"/>: Concat(value, label) on axis 1.</summary>
    private string ConcatLabel(OnnxGraph graph, string value, IReadOnlyList<string> inputs)
    {
        if (ClassCount is null) return value;
        var a = graph.ShapeOf(value);
        var label = graph.ShapeOf(inputs[1]);
        return graph.Node("Concat", new[] { value, inputs[1] }, new[] { a[0], a[1] + label[1] }, attributes: OnnxAttribute.Int("axis", 1));
    }
}
