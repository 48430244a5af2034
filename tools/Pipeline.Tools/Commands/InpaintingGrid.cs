using Pipeline.Data;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;

namespace Pipeline.Tools.Commands;

/// <summary>Inpainting shown on test images: rows of originals, masked inputs (hidden pixels grey) and completions.</summary>
internal static class InpaintingGrid
{
    private const float Hidden = 0.5f;

    /// <summary>
    /// The first <paramref name="count"/> test images with <paramref name="region"/> regenerated; a conditional package
    /// completes each image as its true class unless <paramref name="label"/> names one for all.
    /// </summary>
    public static ImageBatch Create(DiffusionModel model, ImageDataset test, int count, MaskRegion region, long seed,
                                    DiffusionSamplingOptions? options, int resampling, int? label = null)
    {
        var originals = DatasetImages.From(test, count);
        var mask = InpaintMask.Hiding(region, originals.Channels, originals.Height, originals.Width);
        var completed = model.IsConditional && label is null
            ? model.Inpaint(originals, mask, seed, Enumerable.Range(0, originals.Count).Select(test.Label).ToArray(), options, resampling)
            : model.Inpaint(originals, mask, seed, options, label, resampling);
        var masked = originals.Pixels.Select((p, i) => mask[i % mask.Length] ? p : Hidden).ToArray();
        return DatasetImages.Concat(originals, new ImageBatch(originals.Count, originals.Channels, originals.Height, originals.Width, masked), completed);
    }
}
