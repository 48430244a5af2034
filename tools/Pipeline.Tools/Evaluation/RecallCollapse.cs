using System.Globalization;
using Pipeline.Models;
using Pipeline.Runtime.Models;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// Mode collapse seen as falling recall (Kynkäänniemi et al. 2019: the share of real images the samples' manifold covers):
/// every <paramref name="every"/> steps the model's samples are compared with test images in the feature network's space;
/// once recall has reached <see cref="Floor"/>, a recall below <paramref name="fraction"/> of the best seen stops training.
/// </summary>
/// <param name="sample">Draws the same number of images as <paramref name="real"/> holds, from a fixed seed.</param>
/// <param name="classifier">The feature network, owned by the check (disposed with it).</param>
internal sealed class RecallCollapse(Func<ImageBatch> sample, ImageClassifier classifier, RealFeatures real, long every, double fraction = 0.5) : IDivergenceCheck, IDisposable
{
    /// <summary>The recall a model must have reached before a fall counts (a fresh generator covers nothing).</summary>
    public const double Floor = 0.1;

    private long lastStep;

    /// <summary>(step, precision, recall) of every measurement so far.</summary>
    public List<(long Step, double Precision, double Recall)> History { get; } = [];

    public double Best => History.Count == 0 ? 0 : History.Max(h => h.Recall);

    public void Dispose() => classifier.Dispose();

    public string? Check(TrainingProgress progress)
    {
        if (progress.Step - lastStep < every) return null;
        lastStep = progress.Step;
        var (_, features) = classifier.Classify(sample());
        var (precision, recall) = PrecisionRecall.Compute(real.Features, features, real.Dimension);
        var best = Best;
        History.Add((progress.Step, precision, recall));
        Spectre.Console.AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"step {progress.Step:N0}: precision {precision:F3}, recall {recall:F3} ({real.Features.Length / real.Dimension:N0} samples against as many test images)");
        return best >= Floor && recall < fraction * best
            ? string.Create(CultureInfo.InvariantCulture, $"mode collapse: recall fell to {recall:F3}, below {fraction:P0} of its best {best:F3}")
            : null;
    }
}
