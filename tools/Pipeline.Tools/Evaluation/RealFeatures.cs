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

    public static RealFeatures Compute(ImageClassifier classifier, ImageDataset test, int count) =>
        Compute(classifier, DatasetImages.From(test, count));

    /// <summary>The features of given reference images (e.g. a binarization of the test set).</summary>
    public static RealFeatures Compute(ImageClassifier classifier, ImageBatch images)
    {
        var (_, features) = classifier.Classify(images);
        return new RealFeatures(features, classifier.FeatureSize);
    }
}
