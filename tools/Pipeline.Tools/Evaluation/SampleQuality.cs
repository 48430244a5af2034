namespace Pipeline.Tools.Evaluation;

/// <summary>Sample-quality figures of one image set against the real test images, in the classifier's feature space.</summary>
public sealed record SampleQuality(int Count, double Fid, double Kid, double KidStandardDeviation, double Precision, double Recall)
{
    /// <summary>FID, KID, precision and recall of <paramref name="features"/> against the real features.</summary>
    public static SampleQuality Measure(RealFeatures real, float[] features, long seed)
    {
        var d = real.Dimension;
        var fid = FrechetDistance.Compute(real.Statistics, FeatureStatistics.Fit(features, d));
        var (kid, kidStd) = KernelDistance.Compute(real.Features, features, d, seed: seed);
        var (precision, recall) = PrecisionRecall.Compute(real.Features, features, d);
        return new SampleQuality(features.Length / d, fid, kid, kidStd, precision, recall);
    }
}
