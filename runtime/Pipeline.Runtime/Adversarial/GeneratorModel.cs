using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Adversarial;

/// <summary>
/// A GAN's generator or an adversarial autoencoder's decoder: z is drawn from the package's prior in C#
/// (<see cref="LatentPriorSampler"/>: seeded, optionally truncated; a mixture prior picks the component of the class) and
/// decoded by the "generator" network (with the one-hot class when the classes condition the generator). Also decodes
/// given codes, walks linearly or spherically between codes, and encodes images when the package has an encoder (AAE).
/// </summary>
public sealed class GeneratorModel : IGenerativeModel
{
    private readonly NetworkRunner generator;
    private readonly NetworkRunner? encoder;
    private readonly LatentPriorSampler prior;

    /// <summary>Loads the networks of the package in <paramref name="directory"/> (use <see cref="ModelPackage.Open"/>).</summary>
    public GeneratorModel(string directory, ModelManifest manifest, RuntimeOptions? options = null)
    {
        if (manifest.Family != ModelFamily.Adversarial)
            throw new PackageException($"{manifest.Name} holds {PackageReader.WithArticle(manifest.Family)} package, not an adversarial one: open it with ModelPackage.Open");
        Manifest = manifest;
        var latent = manifest.Latent ?? throw new PackageException($"the manifest of {manifest.Name} has no latent section: export the package again");
        prior = new LatentPriorSampler(latent);
        options ??= new RuntimeOptions();
        generator = new NetworkRunner(directory, "generator", manifest.Networks["generator"], options);
        try
        {
            encoder = manifest.Networks.TryGetValue("encoder", out var network) ? new NetworkRunner(directory, "encoder", network, options) : null;
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>The package's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Size of z.</summary>
    public int LatentSize => Manifest.Latent!.Size;

    /// <summary>Number of classes (0 when unconditional): the generator's one-hot input, or the mixture prior's components.</summary>
    public int ClassCount => Manifest.Classes?.Count ?? 0;

    /// <summary>Whether the classes are the prior's components (an AAE's mixture) rather than an input of the generator.</summary>
    public bool ClassesArePriorComponents => Manifest.Latent!.Prior == LatentPrior.GaussianMixture;

    /// <summary>Whether the package can encode images (an adversarial autoencoder).</summary>
    public bool CanEncode => encoder is not null;

    /// <summary>The execution provider the generator runs on.</summary>
    public ExecutionProvider Provider => generator.Provider;

    /// <inheritdoc/>
    public ImageBatch Sample(int count, long seed, int? label = null) => Sample(count, seed, label, new GeneratorSamplingOptions());

    /// <summary><paramref name="count"/> images from codes drawn with <paramref name="seed"/> (class <paramref name="label"/>, or every class in turn).</summary>
    public ImageBatch Sample(int count, long seed, int? label, GeneratorSamplingOptions options)
    {
        ImageBatch.CheckCount(count, Manifest.Image);
        options.Validate();
        var labels = Labels(count, label);
        return Generate(prior.Sample(count, seed, ClassesArePriorComponents ? labels : null, options.Truncation), labels);
    }

    /// <summary>Codes z [count, LatentSize] from the prior (the mixture component of each label), row-major.</summary>
    public float[] SampleLatents(int count, long seed, IReadOnlyList<int>? labels = null, GeneratorSamplingOptions? options = null)
    {
        (options ??= new GeneratorSamplingOptions()).Validate();
        if (labels is not null) CheckLabels(labels, count);
        return prior.Sample(count, seed, ClassesArePriorComponents ? labels ?? Labels(count, null) : null, options.Truncation);
    }

    /// <summary>Decodes codes [N, LatentSize] (with one class per code when the generator takes classes).</summary>
    public ImageBatch Generate(float[] latents, IReadOnlyList<int>? labels = null)
    {
        var size = LatentSize;
        if (latents.Length == 0 || latents.Length % size != 0)
            throw new ArgumentException($"codes come in rows of {size} values; got {latents.Length} values");
        for (var i = 0; i < latents.Length; i++)
            if (!float.IsFinite(latents[i])) throw new ArgumentException($"code {i / size} has a non-finite value ({latents[i]}) at {i % size}: pass finite codes (SampleLatents draws them)");
        var count = latents.Length / size;
        var inputs = new List<float[]> { latents };
        if (ClassCount > 0 && !ClassesArePriorComponents)
        {
            if (labels is null) throw new ArgumentException($"{Manifest.Name} generates a class: pass one label per code ({count}), each in 0..{ClassCount - 1}");
            CheckLabels(labels, count);
            inputs.Add(OneHot(labels));
        }
        var pixels = generator.Run(count, inputs.ToArray())[0];
        var image = Manifest.Image;
        image.ToIntensities(pixels);
        return new ImageBatch(count, image.Channels, image.Height, image.Width, pixels);
    }

    /// <summary>
    /// Decodes <paramref name="steps"/> codes along the <paramref name="path"/> from <paramref name="from"/> to <paramref name="to"/>
    /// (each one code): the first image is from's, the last to's.
    /// </summary>
    public ImageBatch Interpolate(float[] from, float[] to, int steps, InterpolationPath path, int? label = null)
    {
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, "interpolate over at least 2 steps");
        if (from.Length != LatentSize || to.Length != LatentSize)
            throw new ArgumentException($"interpolate between two codes of {LatentSize} values, got {from.Length} and {to.Length}");
        if (!Enum.IsDefined(path)) throw new ArgumentOutOfRangeException(nameof(path), path, "interpolate linearly or spherically");
        // A walk keeps one class: every class in turn (what Sample does without a label) would change it at each frame.
        if (label is null && ClassCount > 0 && !ClassesArePriorComponents)
            throw new ArgumentException($"{Manifest.Name} generates a class: pass the label of the walk (0..{ClassCount - 1}), which every step keeps", nameof(label));
        var z = new float[steps * LatentSize];
        for (var s = 0; s < steps; s++)
            LatentPath.Point(from, to, (double)s / (steps - 1), path, z.AsSpan(s * LatentSize, LatentSize));
        return Generate(z, Labels(steps, label));
    }

    /// <summary>The codes E(x) of images [N, LatentSize] (adversarial autoencoders only).</summary>
    public float[] Encode(ImageBatch images)
    {
        if (encoder is null) throw new InvalidOperationException($"{Manifest.Name} has no encoder: only adversarial autoencoders encode images");
        var spec = Manifest.Image;
        if (images.Channels != spec.Channels || images.Height != spec.Height || images.Width != spec.Width)
            throw new ArgumentException($"{Manifest.Name} takes {spec.Channels}×{spec.Height}×{spec.Width} images, got {images.Channels}×{images.Height}×{images.Width}");
        images.CheckFinite($"input of {Manifest.Name}");
        return encoder.Run(images.Count, images.Pixels)[0];
    }

    /// <summary>Class labels: the given one for all, or every class in turn; null for unconditional packages.</summary>
    private int[]? Labels(int count, int? label)
    {
        if (ClassCount == 0)
        {
            if (label is not null) throw new ArgumentException($"{Manifest.Name} is not conditional: sample without a class");
            return null;
        }
        var labels = Enumerable.Range(0, count).Select(i => label ?? i % ClassCount).ToArray();
        CheckLabels(labels, count);
        return labels;
    }

    private void CheckLabels(IReadOnlyList<int> labels, int count)
    {
        if (ClassCount == 0) throw new ArgumentException($"{Manifest.Name} is not conditional: pass no labels");
        if (labels.Count != count) throw new ArgumentException($"pass one class label per item ({count}), got {labels.Count}");
        foreach (var label in labels)
            if (label < 0 || label >= ClassCount)
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"class labels are 0..{ClassCount - 1} ({string.Join(", ", Manifest.Classes!.Names)})");
    }

    private float[] OneHot(IReadOnlyList<int> labels)
    {
        var oneHot = new float[labels.Count * ClassCount];
        for (var i = 0; i < labels.Count; i++) oneHot[i * ClassCount + labels[i]] = 1;
        return oneHot;
    }

    /// <summary>Releases the ONNX Runtime sessions.</summary>
    public void Dispose()
    {
        generator.Dispose();
        encoder?.Dispose();
    }
}
