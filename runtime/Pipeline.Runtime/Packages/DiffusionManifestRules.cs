namespace Pipeline.Runtime.Packages;

/// <summary>
/// The package contract of the diffusion families, checked on the manifest: the diffusion section's constants,
/// and the denoiser's (and for latent diffusion the decoder's) inputs and outputs against the sample shape.
/// </summary>
internal static class DiffusionManifestRules
{
    private const string Fix = "export it again with tools/pipeline export";

    /// <summary>The denoiser's role in the manifest.</summary>
    public const string Denoiser = "denoiser";

    /// <summary>Names of the denoiser's inputs and output, and of the latent-diffusion decoder's.</summary>
    public const string Sample = "sample", Timestep = "timestep", Label = "label", Epsilon = "epsilon", Latent = "latent", Image = "image";

    /// <summary>Throws <see cref="PackageException"/> naming <paramref name="source"/> when the manifest breaks the contract.</summary>
    public static void Check(ModelManifest manifest, string source)
    {
        if (manifest.Family is not (ModelFamily.Diffusion or ModelFamily.LatentDiffusion)) return;
        var family = PackageReader.Name(manifest.Family);
        var spec = manifest.Diffusion
            ?? throw new PackageException($"{source}: a {family} package needs a \"diffusion\" section (timesteps, betas, sample_shape): {Fix}");
        CheckSchedule(spec, source);
        CheckNumbers(spec, source);

        if (spec.SampleShape is null || spec.SampleShape.Length == 0 || spec.SampleShape.Any(d => d <= 0))
            throw new PackageException($"{source}: diffusion sample_shape must list positive sizes without the batch ([C, H, W] or [Z]): {Fix}");
        var image = manifest.Image;
        if (manifest.Family == ModelFamily.Diffusion && !spec.SampleShape.SequenceEqual(new long[] { image.Channels, image.Height, image.Width }))
            throw new PackageException($"{source}: pixel diffusion samples images, so sample_shape [{Join(spec.SampleShape)}] must be the image's [{image.Channels}, {image.Height}, {image.Width}]: {Fix}");
        if (manifest.Family == ModelFamily.LatentDiffusion && spec.SampleShape.Length != 1)
            throw new PackageException($"{source}: latent diffusion samples codes, so sample_shape must be [Z], not [{Join(spec.SampleShape)}]: {Fix}");
        if (manifest.Classes is { Count: <= 0 })
            throw new PackageException($"{source}: the classes section must have at least one class: {Fix}");

        var batchShape = spec.SampleShape.Prepend(-1L).ToArray();
        var denoiser = manifest.Networks.GetValueOrDefault(Denoiser)
            ?? throw new PackageException($"{source} lacks the 'denoiser' network a {family} package needs: {Fix}");
        RequireInput(denoiser, Denoiser, Sample, batchShape, source);
        RequireInput(denoiser, Denoiser, Timestep, new long[] { -1 }, source);
        var label = denoiser.Inputs.FirstOrDefault(i => i.Name == Label);
        if (manifest.Classes is { } classes)
            RequireInput(denoiser, Denoiser, Label, new long[] { -1, classes.Count }, source);
        else if (label is not null)
            throw new PackageException($"{source}: the denoiser takes a '{Label}' input but the manifest has no classes section: {Fix}");
        if (denoiser.Inputs.Count != (manifest.Classes is null ? 2 : 3))
            throw new PackageException($"{source}: the denoiser takes [{string.Join(", ", denoiser.Inputs.Select(i => i.Name))}]; it must take only sample, timestep{(manifest.Classes is null ? "" : " and label")}: {Fix}");
        RequireOutput(denoiser, Denoiser, Epsilon, batchShape, source);

        if (manifest.Family != ModelFamily.LatentDiffusion) return;
        var decoder = manifest.Networks.GetValueOrDefault("decoder")
            ?? throw new PackageException($"{source} lacks the 'decoder' network a {family} package needs: {Fix}");
        RequireInput(decoder, "decoder", Latent, batchShape, source);
        if (decoder.Inputs.Count != 1)
            throw new PackageException($"{source}: the latent-diffusion decoder must take only '{Latent}', not [{string.Join(", ", decoder.Inputs.Select(i => i.Name))}]: {Fix}");
        RequireOutput(decoder, "decoder", Image, new long[] { -1, image.Channels, image.Height, image.Width }, source);
    }

    private static void CheckSchedule(DiffusionSpec spec, string source)
    {
        if (spec.Timesteps < 1)
            throw new PackageException($"{source}: diffusion timesteps must be at least 1, got {spec.Timesteps}: {Fix}");
        if (spec.Betas is null || spec.Betas.Length != spec.Timesteps)
            throw new PackageException($"{source}: diffusion betas must hold one β per timestep ({spec.Timesteps}), got {spec.Betas?.Length ?? 0}: {Fix}");
        for (var t = 0; t < spec.Betas.Length; t++)
            if (!(spec.Betas[t] > 0 && spec.Betas[t] < 1))
                throw new PackageException($"{source}: diffusion betas[{t}] = {spec.Betas[t]} is not in (0, 1): {Fix}");
        if (!Enum.IsDefined(spec.BetaSchedule) || !Enum.IsDefined(spec.Prediction))
            throw new PackageException($"{source}: unknown beta_schedule or prediction: update the runtime, or {Fix}");
        if (spec.BetaSchedule == BetaSchedule.Linear
            && (!Near(spec.Betas[0], spec.BetaStart) || !Near(spec.Betas[^1], spec.BetaEnd)))
            throw new PackageException($"{source}: the linear schedule says beta_start {spec.BetaStart} and beta_end {spec.BetaEnd} but betas run from {spec.Betas[0]} to {spec.Betas[^1]}: the package is inconsistent, {Fix}");
    }

    private static void CheckNumbers(DiffusionSpec spec, string source)
    {
        if (!double.IsFinite(spec.GuidanceScale) || spec.GuidanceScale < 0)
            throw new PackageException($"{source}: diffusion guidance_scale must be a finite number ≥ 0, got {spec.GuidanceScale}: {Fix}");
        if (!double.IsFinite(spec.LatentScale) || spec.LatentScale <= 0)
            throw new PackageException($"{source}: diffusion latent_scale must be a finite number > 0, got {spec.LatentScale}: {Fix}");
    }

    /// <summary>Equal up to float32 rounding (a package may carry β computed in single precision).</summary>
    private static bool Near(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Max(Math.Abs(a), Math.Abs(b));

    private static void RequireInput(NetworkManifest network, string role, string name, long[] shape, string source) =>
        NetworkContract.RequireInput(network, role, name, shape, source, "diffusion");

    private static void RequireOutput(NetworkManifest network, string role, string name, long[] shape, string source) =>
        NetworkContract.RequireOutput(network, role, name, shape, source, "diffusion");

    private static string Join(long[] shape) => string.Join(", ", shape);
}
