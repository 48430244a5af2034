using Pipeline.Runtime.Adversarial;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Flows;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Quantized;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Models;

/// <summary>Opens exported packages: <c>using var model = ModelPackage.Open("exported/vae-mlp");</c></summary>
public static class ModelPackage
{
    /// <summary>Reads and validates the package, then loads its networks on the requested execution provider.</summary>
    public static IGenerativeModel Open(string directory, RuntimeOptions? options = null) => OpenWithManifest(directory, PackageReader.Read(directory), options);

    /// <summary>Opens a package whose manifest <see cref="PackageReader.Read"/> has already read and validated.</summary>
    internal static IGenerativeModel OpenWithManifest(string directory, ModelManifest manifest, RuntimeOptions? options) => manifest.Family switch
    {
        ModelFamily.Autoencoder or ModelFamily.Vae or ModelFamily.ConditionalVae => new LatentVariableModel(directory, manifest, options),
        ModelFamily.Diffusion or ModelFamily.LatentDiffusion => new DiffusionModel(directory, manifest, options),
        ModelFamily.Autoregressive => new AutoregressiveModel(directory, manifest, options),
        ModelFamily.VectorQuantized => new VectorQuantizedModel(directory, manifest, options),
        ModelFamily.Flow => new FlowModel(directory, manifest, options),
        ModelFamily.Adversarial => new GeneratorModel(directory, manifest, options),
        ModelFamily.Classifier => throw new PackageException($"{directory} holds a classifier, which does not generate images: open it with ModelPackage.OpenClassifier"),
        _ => throw new PackageException($"this runtime cannot sample {PackageReader.Name(manifest.Family)} packages yet"),
    };

    /// <summary>Opens a package that must be an autoencoder, VAE or conditional VAE (checked before any network loads).</summary>
    public static LatentVariableModel OpenLatent(string directory, RuntimeOptions? options = null)
    {
        var manifest = PackageReader.Read(directory);
        if (manifest.Family is not (ModelFamily.Autoencoder or ModelFamily.Vae or ModelFamily.ConditionalVae))
            throw new PackageException($"{directory} is not an autoencoder or VAE package");
        return (LatentVariableModel)OpenWithManifest(directory, manifest, options);
    }

    /// <summary>Opens a package that must be a diffusion or latent-diffusion package (checked before any network loads).</summary>
    public static DiffusionModel OpenDiffusion(string directory, RuntimeOptions? options = null)
    {
        var manifest = PackageReader.Read(directory);
        if (manifest.Family is not (ModelFamily.Diffusion or ModelFamily.LatentDiffusion))
            throw new PackageException($"{directory} is not a diffusion package");
        return (DiffusionModel)OpenWithManifest(directory, manifest, options);
    }

    /// <summary>Opens a package that must be an autoregressive package (checked before any network loads).</summary>
    public static AutoregressiveModel OpenAutoregressive(string directory, RuntimeOptions? options = null) =>
        (AutoregressiveModel)OpenWithManifest(directory, Read(directory, ModelFamily.Autoregressive, "an autoregressive one"), options);

    /// <summary>Opens a package that must be a VQ-VAE package (checked before any network loads).</summary>
    public static VectorQuantizedModel OpenVectorQuantized(string directory, RuntimeOptions? options = null) =>
        (VectorQuantizedModel)OpenWithManifest(directory, Read(directory, ModelFamily.VectorQuantized, "a VQ-VAE"), options);

    /// <summary>Opens a package that must be a normalizing-flow package (checked before any network loads).</summary>
    public static FlowModel OpenFlow(string directory, RuntimeOptions? options = null) =>
        (FlowModel)OpenWithManifest(directory, Read(directory, ModelFamily.Flow, "a flow"), options);

    /// <summary>Opens a package that must be a GAN or adversarial autoencoder package (checked before any network loads).</summary>
    public static GeneratorModel OpenGenerator(string directory, RuntimeOptions? options = null) =>
        (GeneratorModel)OpenWithManifest(directory, Read(directory, ModelFamily.Adversarial, "an adversarial one"), options);

    /// <summary>Opens a classifier package (the feature network of the evaluation).</summary>
    public static ImageClassifier OpenClassifier(string directory, RuntimeOptions? options = null) =>
        new ImageClassifier(directory, Read(directory, ModelFamily.Classifier, "a classifier"), options);

    /// <summary>
    /// The manifest of a package that must be of <paramref name="family"/>, read and checked before any network loads;
    /// otherwise an error that names what the package holds and what was <paramref name="wanted"/>.
    /// </summary>
    private static ModelManifest Read(string directory, ModelFamily family, string wanted)
    {
        var manifest = PackageReader.Read(directory);
        return manifest.Family == family
            ? manifest
            : throw new PackageException($"{directory} holds {PackageReader.WithArticle(manifest.Family)} package, not {wanted}");
    }
}
