using MathNet.Numerics.Distributions;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Models;

/// <summary>
/// Autoencoders, VAEs and conditional VAEs: an encoder x (, c) → z and a decoder z (, c) → x′.
/// Sampling draws z from the package's prior in C# (seeded) and decodes it; the model also encodes,
/// decodes, reconstructs (denoising autoencoders denoise this way), scores anomalies by reconstruction
/// error, decodes the 2-D latent manifold and interpolates between images.
/// </summary>
public sealed class LatentVariableModel : IGenerativeModel
{
    private readonly NetworkRunner encoder;
    private readonly NetworkRunner decoder;
    private readonly LatentSpec latent;
    private readonly LatentPriorSampler prior;
    private AttributeControl? attributes;

    /// <summary>Loads the encoder and decoder of the package in <paramref name="directory"/> (use <see cref="ModelPackage.Open"/>).</summary>
    public LatentVariableModel(string directory, ModelManifest manifest, RuntimeOptions? options = null)
    {
        if (manifest.Family is not (ModelFamily.Autoencoder or ModelFamily.Vae or ModelFamily.ConditionalVae))
            throw new PackageException($"{PackageReader.WithArticle(manifest.Family)} package is not a latent-variable model");
        Manifest = manifest;
        latent = manifest.Latent ?? throw new PackageException($"the manifest of {manifest.Name} has no latent section: export the package again");
        prior = new LatentPriorSampler(latent);
        if (manifest.Family == ModelFamily.ConditionalVae && manifest.Classes is null)
            throw new PackageException($"the conditional package {manifest.Name} has no classes section: export the package again");
        options ??= new RuntimeOptions();
        encoder = new NetworkRunner(directory, "encoder", manifest.Networks["encoder"], options);
        try
        {
            decoder = new NetworkRunner(directory, "decoder", manifest.Networks["decoder"], options);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>The package's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Size of the code z.</summary>
    public int LatentSize => latent.Size;

    /// <summary>True when the networks take a class.</summary>
    public bool IsConditional => Manifest.Family == ModelFamily.ConditionalVae;

    /// <summary>Number of classes of a conditional model (0 otherwise).</summary>
    public int ClassCount => Manifest.Classes?.Count ?? 0;

    /// <summary>Generation along the attribute-regularized dimensions of an AR-VAE package; null for other packages.</summary>
    public AttributeControl? Attributes => attributes ??= Manifest.Attributes is null ? null : new AttributeControl(this);

    /// <summary>The execution provider the networks run on.</summary>
    public ExecutionProvider Provider => decoder.Provider;

    /// <inheritdoc/>
    public ImageBatch Sample(int count, long seed, int? label = null)
    {
        ImageBatch.CheckCount(count, Manifest.Image);
        return Decode(SampleLatents(count, seed), Labels(count, label));
    }

    /// <summary>z ~ prior: N(0, I), or μ + L·ε for an autoencoder's fitted Gaussian. [count, LatentSize], row-major.</summary>
    public float[] SampleLatents(int count, long seed) => prior.Sample(count, seed);

    /// <summary>Decodes codes [N, LatentSize] (with one class label per code for conditional models).</summary>
    public ImageBatch Decode(float[] latents, int[]? labels = null)
    {
        if (latents.Length % latent.Size != 0)
            throw new ArgumentException($"codes come in rows of {latent.Size} values; got {latents.Length} values");
        for (var i = 0; i < latents.Length; i++)
            if (!float.IsFinite(latents[i])) throw new ArgumentException($"latent code {i / latent.Size} has a non-finite value ({latents[i]})");
        var count = latents.Length / latent.Size;
        var image = Manifest.Image;
        var pixels = decoder.Run(count, Inputs(latents, OneHot(count, labels)))[0];
        image.ToIntensities(pixels);
        return new ImageBatch(count, image.Channels, image.Height, image.Width, pixels);
    }

    /// <summary>The codes of images: z for autoencoders, the posterior mean μ for VAEs. [N, LatentSize].</summary>
    public float[] Encode(ImageBatch images, int[]? labels = null)
    {
        CheckImages(images);
        return encoder.Run(images.Count, Inputs(NetworkPixels(images), OneHot(images.Count, labels)))[0];
    }

    /// <summary>
    /// The approximate posterior q(z | x) = N(μ, diag(exp(log σ²))) of a VAE package: μ and log σ², each [N, LatentSize].
    /// </summary>
    public (float[] Mean, float[] LogVariance) EncodeDistribution(ImageBatch images, int[]? labels = null)
    {
        if (Manifest.Family == ModelFamily.Autoencoder)
            throw new InvalidOperationException($"{Manifest.Name} is a plain autoencoder: its encoder gives codes, not a distribution");
        CheckImages(images);
        var outputs = encoder.Run(images.Count, Inputs(NetworkPixels(images), OneHot(images.Count, labels)));
        return (outputs[0], outputs[1]);
    }

    /// <summary>x′ = decoder(encoder(x)); for a denoising autoencoder this is the denoised image.</summary>
    public ImageBatch Reconstruct(ImageBatch images, int[]? labels = null) => Decode(Encode(images, labels), labels);

    /// <summary>Mean squared error per pixel between each image and its reconstruction: an anomaly score.</summary>
    public double[] ReconstructionErrors(ImageBatch images, int[]? labels = null)
    {
        var reconstructed = Reconstruct(images, labels);
        var errors = new double[images.Count];
        for (var n = 0; n < images.Count; n++)
        {
            var a = images.Image(n);
            var b = reconstructed.Image(n);
            double sum = 0;
            for (var i = 0; i < a.Length; i++) sum += (a[i] - b[i]) * (double)(a[i] - b[i]);
            errors[n] = sum / a.Length;
        }
        return errors;
    }

    /// <summary>
    /// The 2-D latent manifold (seed 000): a <paramref name="side"/>×<paramref name="side"/> grid of codes at the
    /// prior's quantiles Φ⁻¹((i + ½)/side) along each axis, decoded; rows go down the second latent axis.
    /// </summary>
    public ImageBatch Manifold(int side, int? label = null)
    {
        if (latent.Size != 2) throw new InvalidOperationException($"the latent manifold needs a 2-D latent space; {Manifest.Name} has {latent.Size} dimensions");
        if (side is < 2 or > 100) throw new ArgumentOutOfRangeException(nameof(side), side, "use 2 to 100 codes per side");
        var z = new float[side * side * 2];
        Span<double> epsilon = stackalloc double[2];
        for (var row = 0; row < side; row++)
            for (var column = 0; column < side; column++)
            {
                epsilon[0] = Normal.InvCDF(0, 1, (column + 0.5) / side);
                epsilon[1] = Normal.InvCDF(0, 1, 1 - (row + 0.5) / side);
                prior.Map(epsilon, z.AsSpan((row * side + column) * 2, 2));
            }
        return Decode(z, Labels(side * side, label));
    }

    /// <summary>
    /// Decodes z(t) = t·z₀ + (1 − t)·z₁ for t from 1 to 0 in <paramref name="steps"/> steps (seed 004), where z₀ and z₁
    /// encode the first images of <paramref name="from"/> and <paramref name="to"/>: the first image is from's, the last to's.
    /// </summary>
    public ImageBatch Interpolate(ImageBatch from, ImageBatch to, int steps, int? label = null)
    {
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, "interpolate over at least 2 steps");
        var labels = label is null ? null : new[] { label.Value };
        var z0 = Encode(from.Slice(0, 1), labels);
        var z1 = Encode(to.Slice(0, 1), labels);
        var z = new float[steps * latent.Size];
        for (var s = 0; s < steps; s++)
        {
            var t = 1 - (double)s / (steps - 1);
            for (var i = 0; i < latent.Size; i++) z[s * latent.Size + i] = (float)(t * z0[i] + (1 - t) * z1[i]);
        }
        return Decode(z, Labels(steps, label));
    }

    /// <summary>Class labels for conditional models: the given one for all, or every class in turn.</summary>
    private int[]? Labels(int count, int? label)
    {
        if (!IsConditional)
        {
            if (label is not null) throw new ArgumentException($"{Manifest.Name} is not conditional: sample without a class");
            return null;
        }
        return Enumerable.Range(0, count).Select(i => label ?? i % ClassCount).ToArray();
    }

    private float[]? OneHot(int count, int[]? labels)
    {
        if (!IsConditional)
        {
            if (labels is not null) throw new ArgumentException($"{Manifest.Name} is not conditional: pass no labels");
            return null;
        }
        if (labels is null || labels.Length != count)
            throw new ArgumentException($"{Manifest.Name} is conditional: pass one class label per item ({count}), each in 0..{ClassCount - 1}");
        var oneHot = new float[count * ClassCount];
        for (var i = 0; i < count; i++)
        {
            if (labels[i] < 0 || labels[i] >= ClassCount)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"class labels are 0..{ClassCount - 1} ({string.Join(", ", Manifest.Classes!.Names)})");
            oneHot[i * ClassCount + labels[i]] = 1;
        }
        return oneHot;
    }

    /// <summary>The networks' inputs: the data, then the one-hot labels of a conditional model.</summary>
    private static float[][] Inputs(float[] data, float[]? oneHot) => oneHot is null ? new[] { data } : new[] { data, oneHot };

    /// <summary>Intensities in the networks' pixel scaling (a copy only when it is [−1, 1]).</summary>
    private float[] NetworkPixels(ImageBatch images) =>
        Manifest.Image.PixelScaling == PixelScaling.MinusOneOne ? images.Pixels.Select(p => 2 * p - 1).ToArray() : images.Pixels;

    private void CheckImages(ImageBatch images)
    {
        var spec = Manifest.Image;
        if (images.Channels != spec.Channels || images.Height != spec.Height || images.Width != spec.Width)
            throw new ArgumentException($"{Manifest.Name} takes {spec.Channels}×{spec.Height}×{spec.Width} images, got {images.Channels}×{images.Height}×{images.Width}");
        images.CheckFinite($"input of {Manifest.Name}");
    }

    /// <summary>Releases the ONNX Runtime sessions.</summary>
    public void Dispose()
    {
        encoder.Dispose();
        decoder.Dispose();
    }
}
