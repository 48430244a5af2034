namespace Pipeline.Data;

/// <summary>
/// Fashion-MNIST (Zalando): 28×28 grayscale clothing images in 10 classes, read from the
/// gzip IDX files that <c>make setup</c> installs (Debian's dataset-fashion-mnist).
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's dataset-fashion-mnist installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Environment variable that overrides <see cref="DefaultDirectory"/>.</summary>
    public const string DirectoryVariable = "PIPELINE_FASHION_MNIST_DIR";

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    private const string Remedy =
        "run `make setup` (it installs Debian's dataset-fashion-mnist into " + DefaultDirectory + "), " +
        "or point " + DirectoryVariable + " at a folder with the four Fashion-MNIST .gz files";

    /// <summary>
    /// Loads one split from <paramref name="directory"/>, else from the folder named by
    /// <see cref="DirectoryVariable"/>, else from <see cref="DefaultDirectory"/>.
    /// </summary>
    /// <exception cref="DatasetException">A file is missing, truncated or malformed.</exception>
    public static ImageDataset Load(FashionMnistSplit split, string? directory = null)
    {
        var folder = ResolveDirectory(directory);
        var prefix = split switch
        {
            FashionMnistSplit.Train => "train",
            FashionMnistSplit.Test => "t10k",
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "choose FashionMnistSplit.Train or FashionMnistSplit.Test"),
        };
        var imagesPath = Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz");
        var labelsPath = Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz");

        var (pixels, count, rows, columns) = IdxReader.ReadImages(imagesPath, Remedy);
        var labels = IdxReader.ReadLabels(labelsPath, Remedy);
        if (labels.Length != count)
            throw new DatasetException($"{labelsPath} holds {labels.Length} labels but {imagesPath} holds {count} images: {Remedy}", labelsPath);
        if (rows == 0 || columns == 0)
            throw new DatasetException($"{imagesPath} declares images of {rows}×{columns} pixels: {Remedy}", imagesPath);
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= ClassNames.Count)
                throw new DatasetException($"{labelsPath} has label {labels[i]} at position {i}, but Fashion-MNIST labels are 0..9: {Remedy}", labelsPath);
        }

        var name = split == FashionMnistSplit.Train ? "fashion-mnist-train" : "fashion-mnist-test";
        return new ImageDataset(name, pixels, labels, rows, columns, ClassNames);
    }

    /// <summary>The folder <see cref="Load"/> reads: the argument, the environment variable, or the default.</summary>
    /// <exception cref="DatasetException">That folder does not exist.</exception>
    public static string ResolveDirectory(string? directory = null)
    {
        var fromVariable = Environment.GetEnvironmentVariable(DirectoryVariable);
        var folder = !string.IsNullOrWhiteSpace(directory) ? directory
            : !string.IsNullOrWhiteSpace(fromVariable) ? fromVariable
            : DefaultDirectory;
        if (!Directory.Exists(folder))
            throw new DatasetException($"the Fashion-MNIST folder {folder} does not exist: {Remedy}", folder);
        return folder;
    }
}
