using Pipeline.Tests.Support;
using System.Text.Json;
using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>The package contract of the diffusion families: manifest JSON and the checks that name the fix.</summary>
public class DiffusionPackageTests
{
    private TempDirectory directory = null!;

    [SetUp]
    public void Create() => directory = new TempDirectory();

    [TearDown]
    public void Delete() => directory.Dispose();

    [Test]
    public void TheManifestUsesTheContractsJsonNames()
    {
        var toy = new ToyDiffusion { Family = ModelFamily.LatentDiffusion, SampleShape = [6], Image = new ImageSpec(1, 5, 5, PixelScaling.ZeroOne), ClassCount = 2 };
        using var json = JsonDocument.Parse(ManifestJson.Serialize(toy.Manifest()));
        var root = json.RootElement;
        Assert.That(root.GetProperty("family").GetString(), Is.EqualTo("latent_diffusion"));
        var diffusion = root.GetProperty("diffusion");
        Assert.That(diffusion.EnumerateObject().Select(p => p.Name).ToArray(), Is.EquivalentTo(new[]
        {
            "timesteps", "beta_schedule", "beta_start", "beta_end", "betas", "prediction", "sample_shape",
            "clip_sample", "guidance_scale", "latent_scale",
        }));
        Assert.That(diffusion.GetProperty("beta_schedule").GetString(), Is.EqualTo("linear"));
        Assert.That(diffusion.GetProperty("prediction").GetString(), Is.EqualTo("epsilon"));
        Assert.That(diffusion.GetProperty("betas").GetArrayLength(), Is.EqualTo(1000));
        Assert.That(PackageReader.Name(ModelFamily.Diffusion), Is.EqualTo("diffusion"));
        Assert.That(PackageReader.RequiredRoles(ModelFamily.Diffusion), Is.EqualTo(new[] { "denoiser" }));
        Assert.That(PackageReader.RequiredRoles(ModelFamily.LatentDiffusion), Is.EqualTo(new[] { "denoiser", "decoder" }));
    }

    [Test]
    public void APackageRoundTripsThroughTheReader()
    {
        var toy = new ToyDiffusion { ClassCount = 3 };
        var manifest = PackageReader.Read(toy.Write(directory.File("toy")));
        Assert.That(manifest.Family, Is.EqualTo(ModelFamily.Diffusion));
        Assert.That(manifest.Diffusion!.Betas, Is.EqualTo(toy.Spec.Betas), "float64 betas survive JSON exactly");
        Assert.That(manifest.Diffusion.SampleShape, Is.EqualTo(new long[] { 1, 4, 4 }));
        Assert.That(manifest.Diffusion.GuidanceScale, Is.EqualTo(3.0));
        Assert.That(manifest.Classes!.Count, Is.EqualTo(3));
    }

    [Test]
    public void OptionalFieldsTakeTheirDefaults()
    {
        const string json = """{"timesteps": 2, "betas": [0.1, 0.2], "sample_shape": [4]}""";
        var spec = JsonSerializer.Deserialize<DiffusionSpec>(json, ManifestJson.Options)!;
        Assert.That((spec.BetaSchedule, spec.Prediction, spec.ClipSample, spec.GuidanceScale, spec.LatentScale),
            Is.EqualTo((BetaSchedule.Linear, PredictionType.Epsilon, false, 1.0, 1.0)));
    }

    private static IEnumerable<TestCaseData> BrokenPackages()
    {
        var toy = new ToyDiffusion();
        var spec = toy.Spec;
        TestCaseData Case(string name, ModelManifest manifest, string message) => new TestCaseData(manifest, message).SetName(name);
        yield return Case("NoDiffusionSection", toy.Manifest() with { Diffusion = null }, "needs a \"diffusion\" section");
        yield return Case("TooFewBetas", toy.Manifest() with { Diffusion = spec with { Betas = spec.Betas[..999] } }, "one β per timestep (1000), got 999");
        var badBeta = spec.Betas.ToArray();
        badBeta[10] = 1.5;
        yield return Case("BetaOutOfRange", toy.Manifest() with { Diffusion = spec with { Betas = badBeta } }, "betas[10] = 1.5 is not in (0, 1)");
        yield return Case("InconsistentLinearSchedule", toy.Manifest() with { Diffusion = spec with { BetaEnd = 0.03 } }, "inconsistent");
        yield return Case("SampleShapeNotTheImage", toy.Manifest() with { Diffusion = spec with { SampleShape = [1, 4, 5] } }, "must be the image's [1, 4, 4]");
        yield return Case("NegativeGuidance", toy.Manifest() with { Diffusion = spec with { GuidanceScale = -1 } }, "guidance_scale");
        yield return Case("ZeroLatentScale", toy.Manifest() with { Diffusion = spec with { LatentScale = 0 } }, "latent_scale");
        yield return Case("ClassesWithoutLabelInput", toy.Manifest() with { Classes = new ClassSpec(3, ["a", "b", "c"]) }, "no input 'label'");
        var conditional = new ToyDiffusion { ClassCount = 3 };
        yield return Case("LabelInputWithoutClasses", conditional.Manifest() with { Classes = null }, "no classes section");
        var latent = new ToyDiffusion { Family = ModelFamily.LatentDiffusion, SampleShape = [6], Image = new ImageSpec(1, 5, 5, PixelScaling.ZeroOne) };
        var networks = latent.Manifest().Networks.Where(n => n.Key != "decoder").ToDictionary();
        yield return Case("LatentWithoutDecoder", latent.Manifest() with { Networks = networks }, "lacks the 'decoder' network");
    }

    [TestCaseSource(nameof(BrokenPackages))]
    public void BrokenManifestsAreRejectedWithTheFix(ModelManifest manifest, string message)
    {
        var family = manifest.Family;
        var toy = new ToyDiffusion
        {
            Family = family,
            SampleShape = family == ModelFamily.LatentDiffusion ? [6] : [1, 4, 4],
            Image = family == ModelFamily.LatentDiffusion ? new ImageSpec(1, 5, 5, PixelScaling.ZeroOne) : new ImageSpec(1, 4, 4, PixelScaling.MinusOneOne),
            ClassCount = manifest.Networks["denoiser"].Inputs.Any(i => i.Name == "label") ? 3 : 0,
        };
        var path = toy.Write(directory.File("broken"), manifest);
        Assert.That(() => PackageReader.Read(path), Throws.InstanceOf<PackageException>().With.Message.Contains(message).And.Message.Contains("export"));
        Assert.That(() => ModelPackage.Open(path), Throws.InstanceOf<PackageException>());
    }

    [Test]
    public void ADenoiserWithoutAnEpsilonOutputIsRejectedOnOpening()
    {
        var path = directory.File("no-epsilon");
        Directory.CreateDirectory(path);
        var graph = new OnnxToyGraph("wrong_output");
        graph.Input("sample", -1, 1, 4, 4);
        graph.Input("timestep", -1);
        graph.Node("Identity", "noise", "sample");
        graph.Output("noise", -1, 1, 4, 4);
        graph.Write(Path.Combine(path, "denoiser.onnx"));
        File.WriteAllText(Path.Combine(path, ManifestJson.FileName), ManifestJson.Serialize(new ToyDiffusion().Manifest()));
        Assert.That(() => ModelPackage.Open(path), Throws.InstanceOf<PackageException>().With.Message.Contains("no output 'epsilon' (it has noise)"));
    }

    [Test]
    public void AnUnknownFamilyNamesTheKnownOnes()
    {
        var path = new ToyDiffusion().Write(directory.File("toy"));
        var file = Path.Combine(path, ManifestJson.FileName);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"family\": \"diffusion\"", "\"family\": \"energy_based\""));
        Assert.That(() => PackageReader.Read(path), Throws.InstanceOf<PackageException>().With.Message.Contains("latent_diffusion"));
    }
}
