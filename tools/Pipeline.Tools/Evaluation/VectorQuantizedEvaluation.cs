using Pipeline.Data;
using Pipeline.Runtime.Quantized;
using Pipeline.Tools.Commands;

namespace Pipeline.Tools.Evaluation;

/// <summary><see cref="CodebookFigures"/> through the runtime: the package encodes, reconstructs and scores the first test images.</summary>
public static class VectorQuantizedEvaluation
{
    public static CodebookFigures Compute(VectorQuantizedModel model, ImageDataset test, int images)
    {
        var x = DatasetImages.From(test, images);
        var codes = model.Encode(x);
        var reconstructed = model.Decode(codes, x.Count);
        var squaredError = 0.0;
        for (var i = 0; i < x.Pixels.Length; i++) squaredError += Math.Pow(reconstructed.Pixels[i] - x.Pixels[i], 2);

        var counts = new int[model.Spec.Codes];
        foreach (var code in codes) counts[code]++;
        var entropy = counts.Where(c => c > 0).Sum(c => -(double)c / codes.Length * Math.Log((double)c / codes.Length));

        var labels = model.IsConditional ? Enumerable.Range(0, x.Count).Select(test.Label).ToArray() : null;
        var logLikelihood = model.PriorLogLikelihood(codes, x.Count, labels);
        return new CodebookFigures(x.Count, squaredError / x.Pixels.Length, Math.Exp(entropy), counts.Count(c => c == 0), model.Spec.Codes,
                                   -logLikelihood.Average(), model.Spec.Positions);
    }
}
