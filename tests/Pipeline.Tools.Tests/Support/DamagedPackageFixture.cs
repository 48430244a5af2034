using NUnit.Framework;
using Pipeline.Tests.Support;

namespace Pipeline.Tools.Tests.Support;

/// <summary>Exports a small autoencoder package once per test class and gives each test a fresh copy to damage.</summary>
public abstract class DamagedPackageFixture
{
    private string exported = null!;

    /// <summary>The class's temporary folder (the exported package lives in it).</summary>
    protected TempDirectory Fixture { get; private set; } = null!;

    /// <summary>This test's copy of the package.</summary>
    protected DamagedPackage Package { get; private set; } = null!;

    [OneTimeSetUp]
    public void ExportOnce()
    {
        Fixture = new TempDirectory();
        exported = SmallPackages.Autoencoder(Fixture.File("exported")).Directory;
    }

    [OneTimeTearDown]
    public void Cleanup() => Fixture.Dispose();

    [SetUp]
    public void CopyPackage() => Package = new DamagedPackage(exported);

    [TearDown]
    public void DeleteCopy() => Package.Dispose();
}
