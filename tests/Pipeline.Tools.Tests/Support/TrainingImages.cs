using Pipeline.Data;

namespace Pipeline.Tools.Tests.Support;

/// <summary>A small subset of the Fashion-MNIST training images (loaded once), for fitting latent Gaussians quickly.</summary>
internal static class TrainingImages
{
    private static readonly Lazy<ImageDataset> Subset = new(() => FashionMnist.Load(FashionMnistSplit.Train).Take(500));

    /// <summary>The first 500 training images.</summary>
    public static ImageDataset FirstFiveHundred() => Subset.Value;

    /// <summary>The first <paramref name="count"/> training images in the runtime's form.</summary>
    public static Pipeline.Runtime.Models.ImageBatch Batch(int count) => Pipeline.Tools.Commands.DatasetImages.From(Subset.Value, count);
}
