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
        Model = ModelPackage.OpenDiffusion(Toy.Write(directory.File("toy")), OneThread);
    }

    [OneTimeTearDown]
    public void CloseToyPackage()
    {
        Model?.Dispose();
        directory.Dispose();
    }
}
