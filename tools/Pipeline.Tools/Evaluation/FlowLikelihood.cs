using Pipeline.Data;
using Pipeline.Models.Flows;
using Pipeline.Runtime.Flows;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Commands;
using Pipeline.Tools.Images;

namespace Pipeline.Tools.Evaluation;

/// <summary>A flow package's exact likelihood figures through the runtime's C# forward pass.</summary>
public static class FlowLikelihood
{
    /// <summary>
    /// Image flows: the test set's bits/dim (each image dequantized once with u ~ U[0, 1) from <paramref name="seed"/>), and,
    /// for a flow of Fashion-MNIST (<paramref name="againstDigits"/>), the OOD test against the MNIST digits; a flow of the
    /// digits has no such figures (its own test set is the digits).
    /// </summary>
    public static (ExactLikelihood Exact, FlowFigures? Figures) Images(FlowModel model, ImageDataset test, int images, long seed, bool againstDigits)
    {
        var inDistribution = model.BitsPerDim(DatasetImages.From(test, images), seed);
        var d = model.Spec.Dimensions;
        var exact = new ExactLikelihood(inDistribution.Length, "8-bit test pixels, each image dequantized once, x = (v + u)/256 with u ~ U[0, 1) (seeded)",
                                        inDistribution.Average() * d * Math.Log(2), d);
        if (!againstDigits) return (exact, null);
        var digitSet = MixedDigits.Take(MnistDigits.Load(), images);
        var digits = model.BitsPerDim(DatasetImages.From(digitSet, digitSet.Count), seed);
        return (exact, new FlowFigures { OodImages = digits.Length, DigitsBitsPerDim = digits.Average(), OodAuroc = Auroc.Compute(digits, inDistribution) });
    }

    /// <summary>Toy flows: the learned density's mass on a grid, and −log p of 20,000 fresh points of the package's density when it names one.</summary>
    public static FlowFigures Points(FlowModel model, long seed)
    {
        const int cells = 400;
        const double extent = 4;
        var mass = model.LogDensity(ToyFlowPicture.GridPoints(cells, extent), cells * cells).Sum(Math.Exp) * Math.Pow(2 * extent / cells, 2);
        if (ToyFlowPicture.Density(model) is not { } density) return new FlowFigures { DensityMass = mass };
        const int count = 20_000;
        using var generator = Pipeline.Randomness.Noise.Seeded(seed);
        using var points = ToyFlowTrainer.Points(density, count, generator);
        var nll = -model.LogDensity(points.data<float>().ToArray(), count).Average();
        return new FlowFigures { DensityMass = mass, PointsNll = nll, Points = count };
    }

    /// <summary>Whether a flow package models points (the toys) rather than images.</summary>
    public static bool IsPoints(ModelManifest manifest) => manifest.Flow?.Input == Pipeline.Runtime.Packages.FlowInput.Points;
}
