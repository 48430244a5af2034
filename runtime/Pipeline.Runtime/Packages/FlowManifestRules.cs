namespace Pipeline.Runtime.Packages;

/// <summary>
/// The package contract of the flow family, checked on the manifest: the "flow" section walks from the image shape through
/// its steps (each step's shape is the one the previous step gives; squeezes need an even height and width, splits an even
/// channel count), act-norms carry one finite bias and log-scale per channel, and every coupling names a conditioner network
/// taking "x" and giving "log_scale" and "shift" of its shape.
/// </summary>
internal static class FlowManifestRules
{
    private const string Fix = "export it again with tools/pipeline export";
    private const string Contract = "flow";

    /// <summary>Input and output names of the conditioner networks.</summary>
    public const string Input = "x", LogScale = "log_scale", Shift = "shift";

    /// <summary>Throws <see cref="PackageException"/> naming <paramref name="source"/> when the manifest breaks the contract.</summary>
    public static void Check(ModelManifest manifest, string source)
    {
        if (manifest.Family != ModelFamily.Flow) return;
        var flow = manifest.Flow
            ?? throw new PackageException($"{source}: a flow package needs a \"flow\" section (input, shape, logit_alpha, steps): {Fix}");
        if (flow.Shape is not { Length: 3 } || flow.Shape.Any(d => d <= 0))
            throw new PackageException($"{source}: flow shape must be [C, H, W] with positive sizes: {Fix}");
        var image = manifest.Image;
        if (!flow.Shape.SequenceEqual(new long[] { image.Channels, image.Height, image.Width }))
            throw new PackageException($"{source}: the flow's shape [{string.Join(", ", flow.Shape)}] is not the image shape {image.Channels}×{image.Height}×{image.Width}: {Fix}");
        // α = 0 takes the logit of a dequantized 0 or of a float-rounded 1: an infinite density.
        if (flow.Input == FlowInput.Pixels && !(flow.LogitAlpha is > 0 and < 0.5))
            throw new PackageException($"{source}: the logit transform's alpha must lie in (0, 0.5), it is {flow.LogitAlpha}: {Fix}");
        if ((flow.Input == FlowInput.Points) != (image.PixelScaling == PixelScaling.Points))
            throw new PackageException($"{source}: a flow of {PackageReader.Name(flow.Input)} needs pixel_scaling {(flow.Input == FlowInput.Points ? "points" : "zero_one")}: {Fix}");
        if (flow.Steps is null || !flow.Steps.Any(s => s.Kind == FlowStepKind.Coupling))
            throw new PackageException($"{source}: the flow has no coupling step: {Fix}");

        var shape = flow.Shape;
        for (var k = 0; k < flow.Steps.Count; k++)
        {
            var step = flow.Steps[k];
            var where = $"{source}: flow step {k} ({PackageReader.Name(step.Kind)})";
            if (step.Shape is null || !step.Shape.SequenceEqual(shape))
                throw new PackageException($"{where} declares shape [{string.Join(", ", step.Shape ?? [])}] but receives [{string.Join(", ", shape)}]: {Fix}");
            CheckStep(manifest, step, where);
            shape = step.OutputShape;
        }
    }

    private static void CheckStep(ModelManifest manifest, FlowStepSpec step, string where)
    {
        var channels = step.Shape[0];
        switch (step.Kind)
        {
            case FlowStepKind.ActNorm:
                if (step.Bias?.Length != channels || step.LogScale?.Length != channels)
                    throw new PackageException($"{where} needs a bias and a log_scale of {channels} values: {Fix}");
                if (step.Bias.Concat(step.LogScale).Any(v => !float.IsFinite(v)))
                    throw new PackageException($"{where} holds a value that is not a finite number: {Fix}");
                break;
            case FlowStepKind.Coupling:
                if (step.Mask is null || step.Parity is not (0 or 1))
                    throw new PackageException($"{where} needs a mask (checkerboard or channel) and a parity of 0 or 1: {Fix}");
                if (step.Mask == CouplingMask.Channel && channels < 2)
                    throw new PackageException($"{where}: a channel mask needs at least 2 channels, the step has {channels}: {Fix}");
                if (step.Network is null || !manifest.Networks.TryGetValue(step.Network, out var network))
                    throw new PackageException($"{where} names the network '{step.Network}', which the package does not have: {Fix}");
                long[] shape = [-1, .. step.Shape];
                NetworkContract.RequireInput(network, step.Network, Input, shape, where, Contract);
                NetworkContract.RequireOutput(network, step.Network, LogScale, shape, where, Contract);
                NetworkContract.RequireOutput(network, step.Network, Shift, shape, where, Contract);
                break;
            case FlowStepKind.Squeeze:
                if (step.Shape[1] % 2 != 0 || step.Shape[2] % 2 != 0)
                    throw new PackageException($"{where}: a squeeze needs an even height and width, the step receives {step.Shape[1]}×{step.Shape[2]}: {Fix}");
                break;
            case FlowStepKind.Split:
                if (channels % 2 != 0)
                    throw new PackageException($"{where}: a split needs an even channel count, the step receives {channels}: {Fix}");
                break;
        }
    }
}
