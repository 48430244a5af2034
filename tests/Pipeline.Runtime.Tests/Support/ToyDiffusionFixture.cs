using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Sessions;
using Pipeline.Tests.Support;

namespace Pipeline.Runtime.Tests.Support;

/// <summary>Writes a toy diffusion package once per test class and opens it on one CPU thread.</summary>
public abstract class ToyDiffusionFixture
{
    protected static readonly RuntimeOptions OneThread = new() { IntraOpThreads = 1 };
    private TempDirectory directory = null!;

    protected ToyDiffusionFixture(ToyDiffusion toy) => Toy = toy;

    /// <summary>The package's description (its networks' known weights).</summary>
    protected ToyDiffusion Toy { get; }

    /// <summary>The opened package.</summary>
    protected DiffusionModel Model { get; private set; } = null!;

    [OneTimeSetUp]
    public void OpenToyPackage()
    {
        directory = new TempDirectory();
        Model = Open(Toy.Write(directory.File("toy")));
    }

    /// <summary>Opens the written package (tests of another entry point override it).</summary>
    protected virtual DiffusionModel Open(string packageDirectory) => ModelPackage.OpenDiffusion(packageDirectory, OneThread);

    [OneTimeTearDown]
    public void CloseToyPackage()
    {
        Model?.Dispose();
        directory.Dispose();
    }
}
