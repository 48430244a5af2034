namespace Pipeline.Runtime.Packages;

/// <summary>
/// The package contract of the VQ-VAE family, checked on the manifest: the codebook, the "encoder" (image → latent
/// z_e [N, D, h, w]) and "decoder" (latent z_q → image) against it, and the prior: an autoregressive model over the
/// [1, h, w] grid of code indices with K = the codebook's size.
/// </summary>
internal static class VectorQuantizedManifestRules
{
    private const string Fix = "export it again with tools/pipeline export";
    private const string Contract = "vector-quantized";

    /// <summary>Input and output names of the networks.</summary>
    public const string Encoder = "encoder", Decoder = "decoder", Image = "image", Latent = "latent";

    /// <summary>Throws <see cref="PackageException"/> naming <paramref name="source"/> when the manifest breaks the contract.</summary>
    public static void Check(ModelManifest manifest, string source)
    {
        if (manifest.Family != ModelFamily.VectorQuantized) return;
        var spec = manifest.VectorQuantizer
            ?? throw new PackageException($"{source}: a vector_quantized package needs a \"vector_quantizer\" section (codes, dimension, grid_shape, codebook): {Fix}");
        if (spec.Codes < 2 || spec.Dimension < 1)
            throw new PackageException($"{source}: the codebook needs at least 2 codes of at least 1 value (codes {spec.Codes}, dimension {spec.Dimension}): {Fix}");
        if (spec.GridShape is not { Length: 2 } || spec.GridShape.Any(d => d <= 0))
            throw new PackageException($"{source}: vector_quantizer grid_shape must be [h, w] with positive sizes: {Fix}");
        if (spec.Codebook is null || spec.Codebook.Length != (long)spec.Codes * spec.Dimension)
            throw new PackageException($"{source}: the codebook must hold {spec.Codes}×{spec.Dimension} = {(long)spec.Codes * spec.Dimension} values, it has {spec.Codebook?.Length ?? 0}: {Fix}");
        if (spec.Codebook.Any(v => !float.IsFinite(v)))
            throw new PackageException($"{source}: the codebook holds a value that is not a finite number: {Fix}");

        var image = manifest.Image;
        long[] images = [-1, image.Channels, image.Height, image.Width];
        var encoder = manifest.Networks[Encoder];
        NetworkContract.RequireInput(encoder, Encoder, Image, images, source, Contract);
        NetworkContract.RequireOutput(encoder, Encoder, Latent, spec.LatentShape, source, Contract);
        var decoder = manifest.Networks[Decoder];
        NetworkContract.RequireInput(decoder, Decoder, Latent, spec.LatentShape, source, Contract);
        NetworkContract.RequireOutput(decoder, Decoder, Image, images, source, Contract);
        if (manifest.Classes is not null && (encoder.Inputs.Count != 1 || decoder.Inputs.Count != 1))
            throw new PackageException($"{source}: only the prior of a VQ-VAE takes a class; its encoder and decoder take one input each: {Fix}");

        var prior = AutoregressiveManifestRules.Section(manifest, source);
        if (prior.Categories != spec.Codes)
            throw new PackageException($"{source}: the prior draws {prior.Categories} categories but the codebook has {spec.Codes} codes: {Fix}");
        if (!prior.GridShape.SequenceEqual(new[] { 1, spec.GridShape[0], spec.GridShape[1] }))
            throw new PackageException($"{source}: the prior's grid [{string.Join(", ", prior.GridShape)}] must be the code grid [1, {spec.GridShape[0]}, {spec.GridShape[1]}]: {Fix}");
        AutoregressiveManifestRules.CheckModel(manifest, prior, source);
    }
}
