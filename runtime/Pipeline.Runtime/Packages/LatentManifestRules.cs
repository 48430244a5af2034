namespace Pipeline.Runtime.Packages;

/// <summary>
/// The contract of the autoencoder, VAE and conditional VAE families: the encoder gives the code z [N, Z] (an
/// autoencoder) or q(z | x)'s μ and log σ², each [N, Z] (a VAE); the decoder takes z. A conditional VAE has classes, and
/// both networks take the one-hot label [N, classes] after their first input; the other two families take no label.
/// </summary>
internal static class LatentManifestRules
{
    private const string Fix = "export it again with tools/pipeline export";

    public static void Check(ModelManifest manifest, string source)
    {
        if (manifest.Family is not (ModelFamily.Autoencoder or ModelFamily.Vae or ModelFamily.ConditionalVae)) return;
        var (encoder, decoder) = (manifest.Networks["encoder"], manifest.Networks["decoder"]);
        var conditional = manifest.Family == ModelFamily.ConditionalVae;
        if (conditional && manifest.Classes is null)
            throw new PackageException($"{source}: a conditional_vae package needs a classes section (count and names): {Fix}");
        var inputs = conditional ? 2 : 1;
        foreach (var (role, network) in new[] { ("encoder", encoder), ("decoder", decoder) })
        {
            if (network.Inputs.Count != inputs)
                throw new PackageException($"{source}: in a package of family {PackageReader.Name(manifest.Family)}, the {role} takes {inputs} input{(inputs > 1 ? "s (its own, then the one-hot label)" : "")}, the manifest gives {network.Inputs.Count}: {Fix}");
            if (conditional && !network.Inputs[1].Shape.SequenceEqual(new long[] { -1, manifest.Classes!.Count }))
                throw new PackageException($"{source}: the {role}'s label input must be [batch, {manifest.Classes!.Count}] (one-hot over the classes), the manifest gives {network.Inputs[1]}: {Fix}");
        }
        var latent = decoder.Inputs[0];
        var outputs = manifest.Family == ModelFamily.Autoencoder ? 1 : 2;
        if (encoder.Outputs.Count != outputs || encoder.Outputs.Any(o => !o.Shape.SequenceEqual(latent.Shape)))
            throw new PackageException($"{source}: in a package of family {PackageReader.Name(manifest.Family)}, the encoder gives {(outputs == 1 ? "the code" : "μ and log σ²")}, " +
                $"{outputs} output{(outputs > 1 ? "s" : "")} of the decoder's latent shape [{string.Join(", ", latent.Shape)}]; the manifest gives {string.Join(", ", encoder.Outputs)}: {Fix}");
    }
}
