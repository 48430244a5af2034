using Pipeline.Data;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Commands;

namespace Pipeline.Tools.Evaluation;

/// <summary>The feature network's features of the Fashion-MNIST test images (the reference set of every metric).</summary>
public sealed class RealFeatures
{
    private RealFeatures(float[] features, int dimension)
    {
        Features = features;
        Dimension = dimension;
        Statistics = FeatureStatistics.Fit(features, dimension);
    }

    public float[] Features { get; }
    public int Dimension { get; }
    public FeatureStatistics Statistics { get; }

    public static RealFeatures Compute(ImageClassifier classifier, ImageDataset test, int count)
    {
        var (_, features) = classifier.Classify(DatasetImages.From(test, count));
        return new RealFeatures(features, classifier.FeatureSize);
    }
}
