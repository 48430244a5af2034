using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Models;

/// <summary>
/// A classifier package: images → class logits and penultimate features. Thread-safe.
/// The evaluation's FID, KID and precision/recall compare the features of generated and real images.
/// </summary>
public sealed class ImageClassifier : IDisposable
{
    private const int ChunkSize = 500;
    private readonly NetworkRunner network;

    /// <summary>Loads the "classifier" network of the package in <paramref name="directory"/> (use <see cref="ModelPackage.OpenClassifier"/>).</summary>
    public ImageClassifier(string directory, ModelManifest manifest, RuntimeOptions? options = null)
    {
        Manifest = manifest;
        var spec = manifest.Networks["classifier"];
        if (spec.Outputs.Count != 2 || spec.Outputs[0].Name != "logits" || spec.Outputs[1].Name != "features")
            throw new PackageException($"the classifier of {manifest.Name} must output 'logits' and 'features': export it again");
        ClassCount = (int)spec.Outputs[0].ItemSize;
        FeatureSize = (int)spec.Outputs[1].ItemSize;
        network = new NetworkRunner(directory, "classifier", spec, options ?? new RuntimeOptions());
    }

    /// <summary>The package's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Number of classes (logits per image).</summary>
    public int ClassCount { get; }

    /// <summary>Features per image.</summary>
    public int FeatureSize { get; }

    /// <summary>Logits [N, ClassCount] and features [N, FeatureSize] of the images, row-major.</summary>
    public (float[] Logits, float[] Features) Classify(ImageBatch images)
    {
        var image = Manifest.Image;
        if (images.Channels != image.Channels || images.Height != image.Height || images.Width != image.Width)
            throw new ArgumentException($"{Manifest.Name} takes {image.Channels}×{image.Height}×{image.Width} images, got {images.Channels}×{images.Height}×{images.Width}");
        images.CheckFinite($"input of {Manifest.Name}");
        var outputs = network.Run(images.Count, ChunkSize, images.Pixels);
        return (outputs[0], outputs[1]);
    }

    /// <summary>The most likely class of each image.</summary>
    public int[] Predict(ImageBatch images)
    {
        var (logits, _) = Classify(images);
        var predicted = new int[images.Count];
        for (var n = 0; n < images.Count; n++)
        {
            var row = logits.AsSpan(n * ClassCount, ClassCount);
            for (var k = 1; k < ClassCount; k++)
                if (row[k] > row[predicted[n]]) predicted[n] = k;
        }
        return predicted;
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => network.Dispose();
}
