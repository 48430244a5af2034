namespace Pipeline.Runtime.Packages;

/// <summary>
/// The contract of a manifest's "attributes" section (AR-VAE packages): a VAE package; one distinct latent dimension inside
/// the latent size per attribute; for each, value and latent quantiles of the same count (2 or more), finite and never
/// decreasing.
/// </summary>
internal static class AttributeManifestRules
{
    private const string Fix = "export it again with tools/pipeline export";

    public static void Check(ModelManifest manifest, string source)
    {
        if (manifest.Attributes is not { } attributes) return;
        if (manifest.Family != ModelFamily.Vae || manifest.Latent is null)
            throw new PackageException($"{source}: an attributes section belongs to a vae package with a latent section, not {PackageReader.WithArticle(manifest.Family)} one: {Fix}");
        var count = attributes.Names?.Count ?? 0;
        if (count == 0 || attributes.Dimensions?.Length != count || attributes.ValueQuantiles?.Length != count || attributes.LatentQuantiles?.Length != count)
            throw new PackageException($"{source}: the attributes section needs one dimension, one value-quantile and one latent-quantile list per name: {Fix}");
        if (attributes.Dimensions!.Any(d => d < 0 || d >= manifest.Latent.Size) || attributes.Dimensions.Distinct().Count() != count)
            throw new PackageException($"{source}: attribute dimensions [{string.Join(", ", attributes.Dimensions)}] must be distinct latent dimensions of 0..{manifest.Latent.Size - 1}: {Fix}");
        for (var k = 0; k < count; k++)
        {
            var (values, latents) = (attributes.ValueQuantiles![k], attributes.LatentQuantiles![k]);
            if (values is null || latents is null || values.Length < 2 || values.Length != latents.Length || !Monotone(values) || !Monotone(latents))
                throw new PackageException($"{source}: attribute '{attributes.Names![k]}' needs value and latent quantiles of the same count (2 or more), finite and never decreasing: {Fix}");
        }
    }

    private static bool Monotone(double[] values) =>
        values.All(double.IsFinite) && values.Zip(values.Skip(1)).All(p => p.First <= p.Second);
}
