using System.CommandLine;
using Pipeline.Runtime.Adversarial;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Flows;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Images;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`sample`: N images from a package with a seed, as a PNG grid.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var runtime = new RuntimeArguments();
        var diffusion = new DiffusionArguments();
        var generator = new GeneratorArguments();
        var count = new Option<int>("--count") { Description = "images to generate", DefaultValueFactory = _ => 64 };
        var seed = new Option<long>("--seed") { Description = "same seed, same images", DefaultValueFactory = _ => 1 };
        var label = new Option<int?>("--class") { Description = "class to generate (conditional models; default: every class in turn)" };
        var output = new Option<string>("--out") { Description = "PNG grid to write", DefaultValueFactory = _ => "samples.png" };
        var attribute = new Option<string?>("--attribute") { Description = "AR-VAE packages: NAME=VALUE sets a regularized attribute (e.g. slant=0.3, area=150)" };
        var command = new Command("sample", "Generate images from an exported package into a PNG grid.") { count, seed, label, output, attribute };
        runtime.AddTo(command);
        diffusion.AddTo(command);
        generator.AddTo(command);
        command.SetAction(result =>
        {
            var n = BenchCommand.Positive(result.GetValue(count), "--count");
            var manifest = PackageReader.Read(runtime.Model(result));
            if (manifest.Family == ModelFamily.Classifier)
                throw new UsageException($"{runtime.Model(result)} holds a classifier, which generates no images: give it to eval (--classifier) and sample a generative package");
            using var model = ModelPackage.OpenWithManifest(runtime.Model(result), manifest, SamplingWorkers.For(manifest.Family, runtime.Options(result), diffusion.State(result)));
            SealCommand.WarnIfUnsealed(model.Manifest, runtime.Model(result));
            var (s, c) = (result.GetValue(seed), result.GetValue(label));
            var points = model is FlowModel { Spec.Input: FlowInput.Points } flow ? flow : null;       // a 2-D toy flow
            var images = (diffusion.Options(result, model), generator.Options(result, model), result.GetValue(attribute)) switch
            {
                ({ } steps, _, _) => ((DiffusionModel)model).Sample(n, s, c, SamplingWorkers.Diffusion(model, steps)),
                (_, { } truncated, _) => ((GeneratorModel)model).Sample(n, s, c, truncated),
                (_, _, { } target) => WithAttribute(model, target, n, s),
                _ when points is not null => ToyFlowPicture.Samples(points, n, s),
                _ => SamplingWorkers.Sample(model, n, s, c),
            };
            var path = result.GetValue(output)!;
            images.SaveGrid(path);
            var what = points is not null ? $" as a histogram over [−{ToyFlowPicture.Extent}, {ToyFlowPicture.Extent}]²" : "";
            AnsiConsole.MarkupLineInterpolated($"{n} samples of {model.Manifest.Name} (seed {result.GetValue(seed)}){what} → {path}");
            return 0;
        });
        return command;
    }

    /// <summary>Images of an AR-VAE package with the attribute of "NAME=VALUE" set to VALUE.</summary>
    private static ImageBatch WithAttribute(IGenerativeModel model, string target, int count, long seed)
    {
        if (model is not LatentVariableModel { Attributes: { } control })
            throw new UsageException($"--attribute: {model.Manifest.Name} has no attribute-regularized dimensions (arvae packages have); leave it out");
        var parts = target.Split('=', 2);
        if (parts.Length != 2 || !double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw new UsageException($"--attribute '{target}': write NAME=VALUE, e.g. {control.Names[0]}=100 (attributes: {string.Join(", ", control.Names)})");
        return control.Generate(parts[0], value, count, seed);
    }
}
