namespace Pipeline.Data;

/// <summary>Loads the datasets <see cref="TrainingData"/> names, and spells them as checkpoints and manifests record them.</summary>
public static class TrainingDataSets
{
    /// <summary>The recorded name of the digits ("mnist_digits"); Fashion-MNIST, the default, is recorded as no name at all.</summary>
    public const string DigitsName = "mnist_digits";

    /// <summary>The training and test images of <paramref name="data"/>.</summary>
    public static (ImageDataset Train, ImageDataset Test) Load(TrainingData data) => data == TrainingData.Digits
        ? MnistDigits.Split(MnistDigits.Load())
        : (FashionMnist.Load(FashionMnistSplit.Train), FashionMnist.Load(FashionMnistSplit.Test));

    /// <summary>The test images of <paramref name="data"/> alone (Fashion-MNIST's training file is not read).</summary>
    public static ImageDataset Test(TrainingData data) =>
        data == TrainingData.Digits ? MnistDigits.Split(MnistDigits.Load()).Test : FashionMnist.Load(FashionMnistSplit.Test);

    /// <summary>The name a checkpoint's "dataset" metadata and a manifest's "dataset" give <paramref name="data"/> (null for Fashion-MNIST).</summary>
    public static string? Name(TrainingData data) => data == TrainingData.Digits ? DigitsName : null;

    /// <summary>The dataset a recorded name stands for: the digits for <see cref="DigitsName"/>, Fashion-MNIST for none; null for others (a toy density).</summary>
    public static TrainingData? FromName(string? name) => name switch
    {
        null => TrainingData.Fashion,
        DigitsName => TrainingData.Digits,
        _ => null,
    };
}
