using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>The runtime refuses an adversarial package whose manifest breaks the contract, naming the problem and the fix.</summary>
public sealed class AdversarialManifestTests
{
    private SmallAdversarialPackages packages = null!;

    [OneTimeSetUp]
    public void ExportOnce() => packages = new SmallAdversarialPackages();

    [OneTimeTearDown]
    public void Cleanup() => packages.Dispose();

    [Test]
    public void AMissingLatentSectionOrAnotherPrior()
    {
        using (var package = new DamagedPackage(packages.Gan.Directory))
        {
            package.EditManifest(m => m.Remove("latent"));
            package.AssertRefused("needs a latent section", "export it again");
        }
        using (var package = new DamagedPackage(packages.Gan.Directory))
        {
            package.EditManifest(m => m["latent"]!["prior"] = "gaussian");
            package.AssertRefused("draws z from standard_normal or gaussian_mixture, not gaussian");
        }
    }

    [Test]
    public void AGeneratorThatDoesNotTakeTheClasses()
    {
        using var package = new DamagedPackage(packages.Gan.Directory);
        package.EditManifest(m => m["classes"] = new JsonObject { ["count"] = 10, ["names"] = new JsonArray(Enumerable.Range(0, 10).Select(i => (JsonNode)$"c{i}").ToArray()) });
        package.AssertRefused("the generator must take latent [batch, 6] and label [batch, 10], it takes latent [batch, 6]");
    }

    [Test]
    public void AMixtureWithoutItsClassesOrWithTheWrongMeans()
    {
        using (var package = new DamagedPackage(packages.Autoencoder.Directory))
        {
            package.EditManifest(m => m.Remove("classes"));
            package.AssertRefused("one component per class, but the package has no classes section");
        }
        using (var package = new DamagedPackage(packages.Autoencoder.Directory))
        {
            package.EditManifest(m => m["latent"]!["component_means"]!.AsArray().RemoveAt(0));
            package.AssertRefused("component_means of 10×3 = 30 finite values, it has 29");
        }
        using (var package = new DamagedPackage(packages.Autoencoder.Directory))
        {
            package.EditManifest(m => m["latent"]!["component_std"] = -1);
            package.AssertRefused("a positive finite component_std, it has -1");
        }
    }

    [Test]
    public void AMixturePriorOutsideTheAdversarialFamily()
    {
        using var package = new DamagedPackage(packages.Autoencoder.Directory);
        package.EditManifest(m =>
        {
            m["family"] = "autoencoder";
            var networks = m["networks"]!.AsObject();
            var generator = networks["generator"]!.DeepClone();
            networks.Remove("generator");
            networks["decoder"] = generator;
        });
        package.AssertRefused("only adversarial packages draw from a gaussian_mixture prior, and this one's family is autoencoder");
    }
}
