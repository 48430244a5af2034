using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Sessions;

public class ModelFileErrorTests
{
    [Test]
    public void AMissingFileIsNamed()
    {
        using var directory = new TempDirectory();
        var path = directory.File("missing.onnx");

        Assert.That(() => OnnxSession.Open(path),
            Throws.TypeOf<FileNotFoundException>().With.Message.Contains(path).And.Property(nameof(FileNotFoundException.FileName)).EqualTo(path));
    }

    [TestCase(ExecutionProvider.Cpu)]
    [TestCase(ExecutionProvider.Cuda)]
    public void AFileThatIsNotOnnxIsAModelFormatError(ExecutionProvider provider)
    {
        using var directory = new TempDirectory();
        var path = directory.File("notes.onnx");
        File.WriteAllText(path, "these are notes, not a model\n");

        Assert.That(() => OnnxSession.Open(path, new RuntimeOptions { Provider = provider }),
            Throws.TypeOf<ModelFormatException>()
                .With.Message.Contains(path).And.Message.Contains("not an ONNX model")
                .And.Property(nameof(ModelFormatException.ModelPath)).EqualTo(path));
    }

    [Test]
    public void ADirectoryIsRefused()
    {
        using var directory = new TempDirectory();

        Assert.That(() => OnnxSession.Open(directory.Path), Throws.ArgumentException.With.Message.Contains("is a directory"));
    }

    [Test]
    public void OptionsOutOfRangeAreRefusedBeforeLoading()
    {
        Assert.That(() => OnnxSession.Open("any.onnx", new RuntimeOptions { IntraOpThreads = 0 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("IntraOpThreads"));
        Assert.That(() => OnnxSession.Open("any.onnx", new RuntimeOptions { DeviceId = -1 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("DeviceId"));
        Assert.That(() => OnnxSession.Open("any.onnx", new RuntimeOptions { Provider = (ExecutionProvider)7 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Provider"));
    }
}
