using Pipeline.Data;
using Pipeline.Data.Attributes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Variational;

/// <summary>
/// The attribute-regularized VAE (seed 004, "AR-VAE"; Pati and Lerch 2020): the conv VAE, trained on
/// −ELBO + γ·Σ_k L_{k,a_k} (<see cref="AttributeRegularization"/>), so that latent dimension k orders the images as attribute
/// a_k does and moving along it changes that attribute. The attributes of every training image are measured before
/// training (<see cref="SetAttributes"/>) and looked up by the batch's dataset indices.
/// </summary>
public sealed class ArVae : VariationalAutoencoder, Pipeline.Export.IAttributeExport
{
    public const string Kind = "arvae";

    private float[]? attributes;

    public ArVae(ArVaeConfig config) : this(config, Networks.ConvEncoder(Validated(config).Vae.ImageSize, config.Vae.Channels))
    {
    }

    private ArVae(ArVaeConfig config, (Sequential Network, int Features) encoder)
        : base(Kind, encoder.Network, encoder.Features, Networks.ConvDecoder(config.Vae.LatentSize, config.Vae.ImageSize, config.Vae.Channels),
            config.Vae.LatentSize, config.Vae.ImageSize, ImageLayout.Spatial, config.Vae.Likelihood, config.Vae.ObservationStd, classCount: null)
    {
        Config = config;
        RegisterComponents();
    }

    public ArVaeConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    public IReadOnlyList<ImageAttribute> Attributes => Config.Attributes;

    /// <summary>The attributes of the training set the batches' indices refer to (measured by <see cref="AttributeTable.Measure"/>).</summary>
    public void SetAttributes(AttributeTable table)
    {
        if (!table.Attributes.SequenceEqual(Config.Attributes))
            throw new ArgumentException($"the table measures {string.Join(", ", table.Attributes)}, the model regularizes {string.Join(", ", Config.Attributes)}: measure it with AttributeTable.Measure(images, model.Config.Attributes)");
        attributes = table.Values;
    }

    /// <summary>−ELBO + γ·Σ_k L_{k,a_k}; parts "nll", "kl" and "ar" (Σ_k L).</summary>
    public override LossTerms Loss(Batch batch, Generator noise)
    {
        var values = attributes ?? throw new InvalidOperationException("the AR-VAE needs the training images' attributes: call SetAttributes with the training set's AttributeTable first");
        var terms = NegativeElbo(batch.Images, null, noise);
        var count = Config.Attributes.Length;
        var rows = new float[batch.Size * count];
        for (var i = 0; i < batch.Size; i++) Array.Copy(values, batch.Indices[i] * count, rows, i * count, count);
        var measured = tensor(rows, [batch.Size, count]).to(terms.Latent.device);            // a(x) [m, A]
        var regularization = zeros(1, device: terms.Latent.device).squeeze();
        for (var k = 0; k < count; k++)
            regularization = regularization + AttributeRegularization.Loss(terms.Latent[.., k], measured[.., k], Config.Delta);
        var (nll, kl) = (terms.ReconstructionNll.mean(), terms.Kl.mean());
        return new LossTerms(nll + kl + Config.Gamma * regularization, [("nll", nll.detach()), ("kl", kl.detach()), ("ar", regularization.detach())]);
    }

    private static ArVaeConfig Validated(ArVaeConfig config)
    {
        config.Validate();
        return config;
    }
}
