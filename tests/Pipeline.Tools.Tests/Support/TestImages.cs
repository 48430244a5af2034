using Pipeline.Data;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Commands;

namespace Pipeline.Tools.Tests.Support;

/// <summary>Fashion-MNIST test images in the runtime's form (intensities in [0, 1]), loaded once.</summary>
internal static class TestImages
{
    private static readonly Lazy<ImageBatch> FirstImages = new(() => DatasetImages.From(FashionMnist.Load(FashionMnistSplit.Test), 16));

    /// <summary>The first <paramref name="count"/> (at most 16) test images, as a new batch.</summary>
    public static ImageBatch First(int count) => FirstImages.Value.Slice(0, count);
}
