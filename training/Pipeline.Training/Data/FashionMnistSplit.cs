namespace Pipeline.Data;

/// <summary>Which part of Fashion-MNIST <see cref="FashionMnist.Load"/> reads.</summary>
public enum FashionMnistSplit
{
    /// <summary>The 60,000 training images (train-*-ubyte.gz).</summary>
    Train = 0,

    /// <summary>The 10,000 test images (t10k-*-ubyte.gz).</summary>
    Test = 1,
}
