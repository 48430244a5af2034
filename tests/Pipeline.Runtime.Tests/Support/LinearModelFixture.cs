using NUnit.Framework;
using Pipeline.Tests.Support;

namespace Pipeline.Runtime.Tests.Support;

/// <summary>Writes the linear test model (Y = X·W + B) once per test class.</summary>
public abstract class LinearModelFixture
{
    private TempDirectory directory = null!;

    /// <summary>The model file.</summary>
    protected string ModelPath { get; private set; } = null!;

    [OneTimeSetUp]
    public void WriteModel()
    {
        directory = new TempDirectory();
        ModelPath = LinearModel.Write(directory.File("linear.onnx"));
    }

    [OneTimeTearDown]
    public void DeleteModel() => directory.Dispose();
}
