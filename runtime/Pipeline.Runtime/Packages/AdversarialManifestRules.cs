namespace Pipeline.Runtime.Packages;

/// <summary>
/// The package contract of the adversarial family, checked on the manifest: a latent section whose prior is N(0, I) or a
/// mixture with one component per class (means [classes, size], all finite, and a positive σ); a "generator" taking
/// "latent" [batch, size] (and "label" [batch, classes] when the classes condition the generator rather than the prior)
/// and giving "image" of the image's size; an optional "encoder" giving codes of the latent size. A mixture prior is
/// refused in any other family.
/// </summary>
internal static class AdversarialManifestRules
{
    private const string Fix = "export it again with tools/pipeline export";

    /// <summary>Input and output names of the generator.</summary>
    public const string Latent = "latent", Label = "label", Image = "image";

    /// <summary>Throws <see cref="PackageException"/> naming <paramref name="source"/> when the manifest breaks the contract.</summary>
    public static void Check(ModelManifest manifest, string source)
    {
        var latent = manifest.Latent;
        if (manifest.Family != ModelFamily.Adversarial)
        {
            if (latent?.Prior == LatentPrior.GaussianMixture)
                throw new PackageException($"{source}: only adversarial packages draw from a gaussian_mixture prior, and this one's family is {PackageReader.Name(manifest.Family)}: {Fix}");
            return;
        }
        if (latent is null || latent.Size <= 0)
            throw new PackageException($"{source}: an adversarial package needs a latent section with a positive size: {Fix}");
        if (latent.Prior is not (LatentPrior.StandardNormal or LatentPrior.GaussianMixture))
            throw new PackageException($"{source}: an adversarial package draws z from standard_normal or gaussian_mixture, not {PackageReader.Name(latent.Prior)}: {Fix}");
        var mixture = latent.Prior == LatentPrior.GaussianMixture;
        if (mixture) CheckMixture(manifest, latent, source);
        var generator = manifest.Networks["generator"];
        var conditional = manifest.Classes is not null && !mixture;
        var expected = conditional
            ? new[] { new TensorSpec(Latent, [-1, latent.Size]), new TensorSpec(Label, [-1, manifest.Classes!.Count]) }
            : new[] { new TensorSpec(Latent, [-1, latent.Size]) };
        if (generator.Inputs.Count != expected.Length || generator.Inputs.Zip(expected).Any(p => p.First.Name != p.Second.Name || !p.First.Shape.SequenceEqual(p.Second.Shape)))
            throw new PackageException($"{source}: the generator must take {string.Join(" and ", expected.Select(e => e.ToString()))}, it takes {string.Join(" and ", generator.Inputs)}: {Fix}");
        var image = manifest.Image;
        if (generator.Outputs.Count != 1 || generator.Outputs[0].Name != Image || generator.Outputs[0].ItemSize != image.PixelsPerImage)
            throw new PackageException($"{source}: the generator must give \"{Image}\" of {image.Channels}×{image.Height}×{image.Width} values, it gives {string.Join(", ", generator.Outputs)}: {Fix}");
        if (manifest.Networks.TryGetValue("encoder", out var encoder) && (encoder.Outputs.Count != 1 || encoder.Outputs[0].ItemSize != latent.Size))
            throw new PackageException($"{source}: the encoder must give codes of {latent.Size} values, it gives {string.Join(", ", encoder.Outputs)}: {Fix}");
    }

    private static void CheckMixture(ModelManifest manifest, LatentSpec latent, string source)
    {
        var classes = manifest.Classes
            ?? throw new PackageException($"{source}: a gaussian_mixture prior has one component per class, but the package has no classes section: {Fix}");
        if (latent.ComponentMeans?.Length != classes.Count * latent.Size || latent.ComponentMeans.Any(m => !double.IsFinite(m)))
            throw new PackageException($"{source}: a gaussian_mixture prior needs component_means of {classes.Count}×{latent.Size} = {classes.Count * latent.Size} finite values, it has {latent.ComponentMeans?.Length ?? 0}: {Fix}");
        if (latent.ComponentStd is not double std || !(std > 0) || !double.IsFinite(std))
            throw new PackageException($"{source}: a gaussian_mixture prior needs a positive finite component_std, it has {latent.ComponentStd?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: {Fix}");
    }
}
