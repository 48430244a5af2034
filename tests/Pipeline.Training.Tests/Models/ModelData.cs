using Pipeline.Data;

namespace Pipeline.Tests.Models;

/// <summary>Fashion-MNIST, loaded once for all model tests.</summary>
internal static class ModelData
{
    private static readonly Lazy<ImageDataset> TrainSet = new(() => FashionMnist.Load(FashionMnistSplit.Train));
    private static readonly Lazy<ImageDataset> TestSet = new(() => FashionMnist.Load(FashionMnistSplit.Test));

    public static ImageDataset Train => TrainSet.Value;

    public static ImageDataset Test => TestSet.Value;
}
