using Pipeline.Data;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Randomness;
using Pipeline.Tools.Commands;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// <see cref="ExactLikelihood"/> through the runtime's exported "logits" network. Data protocol: binarized packages (K = 2)
/// see one fixed stochastic binarization of the test set (each pixel 1 with probability its intensity, drawn with the
/// evaluation's seed, as the VAEs' bounds are); 8-bit packages (K = 256) the test pixels as they are. Conditional
/// packages are given each image's class (−log p(x | c)).
/// </summary>
public static class AutoregressiveLikelihood
{
    public static ExactLikelihood Compute(AutoregressiveModel model, ImageDataset test, int images, long seed)
    {
        var binarized = model.Spec.Categories == 2;
        var x = binarized ? Binarize(DatasetImages.From(test, images), new SeededRandom(unchecked((ulong)seed))) : DatasetImages.From(test, images);
        var labels = model.IsConditional ? Enumerable.Range(0, x.Count).Select(test.Label).ToArray() : null;
        var logLikelihood = model.LogLikelihood(x, labels);
        var protocol = (binarized ? "one fixed binarization of the test set (seeded)" : "8-bit test pixels")
                       + (model.Spec.Masks > 1 ? $", the mixture of {model.Spec.Masks} masks" : "");
        return new ExactLikelihood(x.Count, model.IsConditional ? protocol + ", given each image's class" : protocol, -logLikelihood.Average(), x.PixelsPerImage);
    }

    /// <summary>Each pixel 1 with probability its intensity (one draw of <paramref name="random"/> per pixel, in order), else 0.</summary>
    public static ImageBatch Binarize(ImageBatch images, SeededRandom random)
    {
        var pixels = new float[images.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = random.NextDouble() < images.Pixels[i] ? 1 : 0;
        return new ImageBatch(images.Count, images.Channels, images.Height, images.Width, pixels);
    }
}
